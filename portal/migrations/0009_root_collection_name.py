"""The root of the collections (files and images), offered in the admin's collection and group
permission forms, gets a Vietnamese name."""

from django.db import migrations

NAME = "Tất cả bộ sưu tập"


def forwards(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.filter(depth=1, name="Root").update(name=NAME)


def backwards(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.filter(depth=1, name=NAME).update(name="Root")


class Migration(migrations.Migration):
    dependencies = [("portal", "0008_encrypt_mfa_secrets"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(forwards, backwards)]
