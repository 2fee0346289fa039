"""Editors and moderators read and moderate members' comments (view and change permissions)."""

from django.db import migrations

GROUPS = ["Biên tập viên", "Kiểm duyệt (Bí thư)"]
PERMISSIONS = {
    "view_comment": "Can view member comment",
    "change_comment": "Can change member comment",
}


def forwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="resolutions", model="comment"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in PERMISSIONS.items()
    ]
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0004_comments")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
