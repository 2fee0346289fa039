"""The approval task of the documents' workflow names the audience and confirms publishing to
visitors: the existing group approval tasks become DocumentApprovalTask in place (same row, same
groups, same task states)."""

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    DocumentApprovalTask = apps.get_model("resolutions", "DocumentApprovalTask")
    Task = apps.get_model("wagtailcore", "Task")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="resolutions", model="documentapprovaltask"
    )
    plain = ContentType.objects.filter(app_label="wagtailcore", model="groupapprovaltask").first()
    for task in GroupApprovalTask.objects.filter(task_ptr__content_type=plain):
        DocumentApprovalTask(groupapprovaltask_ptr_id=task.pk).save_base(raw=True)
        Task.objects.filter(pk=task.pk).update(content_type=content_type)


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0008_email_links_and_reading_signals"),
        ("portal", "0003_roles_and_committees"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="DocumentApprovalTask",
            fields=[
                (
                    "groupapprovaltask_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="wagtailcore.groupapprovaltask",
                    ),
                ),
            ],
            options={
                "verbose_name": "Approval of documents",
                "verbose_name_plural": "Approvals of documents",
            },
            bases=("wagtailcore.groupapprovaltask",),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
