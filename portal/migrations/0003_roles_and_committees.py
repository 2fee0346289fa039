"""Roles and the organisation a fresh database needs: editors, moderators (the secretary who
approves and publishes), the three committees, and the approval workflow in Vietnamese."""

from django.db import migrations

EDITORS = "Biên tập viên"
MODERATORS = "Kiểm duyệt (Bí thư)"
WORKFLOW = "Soạn thảo → Duyệt → Ban hành"
TASK = "Duyệt và ban hành"
COMMITTEES = [
    ("ban-chap-hanh", "Ban Chấp hành Đảng bộ", 1),
    ("ban-thuong-vu", "Ban Thường vụ Đảng ủy", 2),
    ("uy-ban-kiem-tra", "Ủy ban Kiểm tra Đảng ủy", 3),
]
# Member management and the organisation's snippets, on top of what Wagtail gives the groups.
EDITOR_PERMISSIONS = [
    ("portal", "user", ["add", "change", "view"]),
    ("portal", "partycell", ["add", "change", "view"]),
    ("portal", "committee", ["change", "view"]),
    ("news", "newscategory", ["add", "change", "view"]),
]
MODERATOR_PERMISSIONS = EDITOR_PERMISSIONS + [
    ("portal", "sitesettings", ["change"]),
    ("news", "newscategory", ["delete"]),
]


def _grant(apps, group, spec):
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    for app_label, model, actions in spec:
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for action in actions:
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            group.permissions.add(permission)


def forwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Committee = apps.get_model("portal.Committee")
    Workflow = apps.get_model("wagtailcore.Workflow")
    Task = apps.get_model("wagtailcore.Task")
    Permission = apps.get_model("auth.Permission")

    editors, _created = Group.objects.get_or_create(name="Editors")
    editors.name = EDITORS
    editors.save()
    moderators, _created = Group.objects.get_or_create(name="Moderators")
    moderators.name = MODERATORS
    moderators.save()
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    for group in (editors, moderators):
        if admin_access:
            group.permissions.add(admin_access)
    _grant(apps, editors, EDITOR_PERMISSIONS)
    _grant(apps, moderators, MODERATOR_PERMISSIONS)

    for workflow in Workflow.objects.filter(name__in=["Moderators approval"]):
        workflow.name = WORKFLOW
        workflow.save()
    for task in Task.objects.filter(name__in=["Moderators approval"]):
        task.name = TASK
        task.save()

    for kind, name, order in COMMITTEES:
        group, _created = Group.objects.get_or_create(name=name)
        Committee.objects.get_or_create(kind=kind, defaults={"name": name, "order": order, "group": group})


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_images_and_settings"),
        ("news", "0002_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
