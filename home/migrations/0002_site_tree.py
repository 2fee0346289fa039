"""The page tree every installation starts with: the home page at /, the news at /tin-tuc/
and the document library at /van-ban/, replacing Wagtail's welcome page."""

from django.db import migrations

SITE_NAME = "Đảng bộ Trường Trung học Kinh tế - Kỹ thuật Bạc Liêu"


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")
    NewsIndexPage = apps.get_model("news.NewsIndexPage")
    DocumentIndexPage = apps.get_model("resolutions.DocumentIndexPage")

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore", slug="home").delete()
    root = Page.objects.get(depth=1)
    locale = Locale.objects.first()

    def content_type(model):
        return ContentType.objects.get_or_create(app_label=model._meta.app_label, model=model._meta.model_name)[0]

    home = HomePage.objects.create(
        title="Trang chủ",
        draft_title="Trang chủ",
        slug="home",
        content_type=content_type(HomePage),
        path=root.path + "0001",
        depth=2,
        numchild=2,
        url_path="/home/",
        locale=locale,
        live=True,
        introduction=(
            "<p>Cổng thông tin của Đảng bộ: tin tức hoạt động, văn bản của Đảng ủy và các chi bộ. "
            "Đảng viên đăng nhập để đọc văn bản nội bộ, xác nhận đã đọc và góp ý dự thảo.</p>"
        ),
    )
    children = [
        (NewsIndexPage, "Tin tức", "tin-tuc", {"intro": "Tin hoạt động của Đảng bộ và các chi bộ."}),
        (DocumentIndexPage, "Văn bản", "van-ban", {"intro": "Nghị quyết, kế hoạch, báo cáo và các văn bản khác của Đảng bộ."}),
    ]
    for position, (model, title, slug, fields) in enumerate(children, start=1):
        model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type(model),
            path=f"{home.path}{position:04d}",
            depth=3,
            numchild=0,
            url_path=f"/home/{slug}/",
            locale=locale,
            live=True,
            **fields,
        )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=SITE_NAME
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("news", "0002_initial"),
        ("resolutions", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
