"""Editors and moderators watch acknowledgement progress (the view permission)."""

from django.db import migrations

GROUPS = ["Biên tập viên", "Kiểm duyệt (Bí thư)"]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="resolutions", model="acknowledgement"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_acknowledgement",
        defaults={"name": "Can view acknowledgement"},
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0002_acknowledgements"),
        ("portal", "0003_roles_and_committees"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
