"""A folded copy of each member's name, so the admin finds "nguyen van a" as "Nguyễn Văn A";
e-mail addresses in lower case, as allauth looks them up."""

from django.db import migrations, models

from portal.text import fold


def fill_folded_names(apps, schema_editor):
    User = apps.get_model("portal", "User")
    users = list(User.objects.only("pk", "full_name", "email"))
    for user in users:
        user.name_folded = fold(user.full_name)
        user.email = user.email.strip().lower()
    User.objects.bulk_update(users, ["name_folded", "email"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_roles_and_committees"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="name_folded",
            field=models.CharField(blank=True, editable=False, max_length=150),
        ),
        migrations.RunPython(fill_folded_names, migrations.RunPython.noop),
    ]
