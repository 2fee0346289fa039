"""News tags get their own model, with slugs without diacritics for /tin-tuc/the/<slug>/.

Tags already on articles are copied over (same names); taggit's shared tags stay for images.
"""

import django.db.models.deletion
import modelcluster.contrib.taggit
from django.db import migrations, models

from portal.slugs import vietnamese_slug


def copy_tags(apps, schema_editor):
    NewsPageTag = apps.get_model("news", "NewsPageTag")
    NewsTag = apps.get_model("news", "NewsTag")
    for item in NewsPageTag.objects.select_related("tag"):
        news_tag = NewsTag.objects.filter(name=item.tag.name).first()
        if news_tag is None:
            base = vietnamese_slug(item.tag.name) or "the"
            slug, n = base, 1
            while NewsTag.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            news_tag = NewsTag.objects.create(name=item.tag.name, slug=slug)
        item.news_tag = news_tag
        item.save(update_fields=["news_tag"])


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="NewsTag",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                ("slug", models.SlugField(allow_unicode=True, max_length=100, unique=True, verbose_name="slug")),
            ],
            options={"verbose_name": "news tag", "verbose_name_plural": "news tags"},
        ),
        migrations.AddField(
            model_name="newspagetag",
            name="news_tag",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="news.newstag"),
        ),
        migrations.RunPython(copy_tags, migrations.RunPython.noop),
        migrations.RemoveField(model_name="newspagetag", name="tag"),
        migrations.RenameField(model_name="newspagetag", old_name="news_tag", new_name="tag"),
        migrations.AlterField(
            model_name="newspagetag",
            name="tag",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="tagged_news", to="news.newstag"),
        ),
        migrations.AlterField(
            model_name="newspage",
            name="tags",
            field=modelcluster.contrib.taggit.ClusterTaggableManager(blank=True, help_text="A comma-separated list of tags.", through="news.NewsPageTag", to="news.NewsTag", verbose_name="tags"),
        ),
        migrations.AlterField(
            model_name="newspage",
            name="lead_image",
            field=models.ForeignKey(blank=True, help_text="The image's alternative text is used; check it when choosing the image.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="portal.portalimage", verbose_name="lead image"),
        ),
        migrations.AlterField(
            model_name="newspage",
            name="summary",
            field=models.TextField(help_text="Shown in listings, in the feeds and when the article is shared.", max_length=600, verbose_name="summary"),
        ),
    ]
