"""Encrypt the authenticator secrets stored before portal.mfa (no way back: they stay readable)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from portal.mfa import encrypt_stored_secrets

    encrypt_stored_secrets(apps.get_model("mfa", "Authenticator").objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_root_title"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
