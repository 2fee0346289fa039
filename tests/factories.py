"""Factories for real data built through the models (and Wagtail's tree and revisions)."""

import datetime

import factory
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from news.models import NewsIndexPage, NewsPage
from portal.models import Committee, PartyCell, User
from resolutions.models import DocumentIndexPage, PartyDocumentPage

PASSWORD = "mat-khau-thu-nghiem-2026"


class PartyCellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyCell

    name = factory.Sequence(lambda n: f"Chi bộ Thử nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"CB{n}")
    order = factory.Sequence(int)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"dangvien_{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    party_cell = factory.SubFactory(PartyCellFactory)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save()


def editor(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    return user


def moderator(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name="Kiểm duyệt (Bí thư)"))
    return user


def committee_group(kind="ban-chap-hanh"):
    return Committee.objects.get(kind=kind).group


def library():
    return DocumentIndexPage.objects.get(slug="van-ban")


def news_index():
    return NewsIndexPage.objects.get(slug="tin-tuc")


def restrict(page, audience):
    """audience: "public", "members", a Group, or a list of Groups."""
    if audience == "public":
        return page
    if audience == "members":
        PageViewRestriction.objects.create(page=page, restriction_type="login")
        return page
    groups = audience if isinstance(audience, list | tuple) else [audience]
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
    restriction.groups.set(groups)
    return page


_counter = iter(range(1, 1_000_000))


def document(audience="public", parent=None, publish=True, body=None, attachments=(), **fields):
    """A Party document; `attachments`: Wagtail documents (see `file`) attached to it."""
    from resolutions.models import DocumentAttachment

    n = next(_counter)
    values = {
        "title": f"Nghị quyết thử nghiệm số {n}",
        "doc_type": "nghi-quyet",
        "number": f"{n:02d}-NQ/ĐU",
        "issuing_body": "Đảng bộ Trường Thử nghiệm",
        "superior_body": "Đảng ủy Khối Thử nghiệm",
        "place": "Bạc Liêu",
        "issued_on": datetime.date(2026, 4, 8),
        "signing_capacity": "T/M BAN CHẤP HÀNH",
        "signer_title": "BÍ THƯ",
        "signer_name": "Trần Văn Ký",
        **fields,
    }
    if body is None:
        body = [
            {"type": "heading", "value": {"number": "1.", "text": "Đặt vấn đề", "level": "2"}},
            {"type": "paragraph", "value": "<p>Nội dung nghị quyết của Đảng bộ.</p>"},
        ]
    page = PartyDocumentPage(body=body, live=publish, **values)
    (parent or library()).add_child(instance=page)
    for attached in attachments:
        page.attachments.add(DocumentAttachment(document=attached))
    restrict(page, audience)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


def news(audience="public", **fields):
    n = next(_counter)
    values = {"title": f"Tin hoạt động số {n}", "summary": f"Tóm tắt tin số {n}.", **fields}
    page = NewsPage(**values)
    news_index().add_child(instance=page)
    restrict(page, audience)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def comment(page, author, text="Ý kiến góp ý thử nghiệm.", **fields):
    """A member's comment on a document, as written through the site."""
    from resolutions.models import Comment

    return Comment.objects.create(page=page, author=author, text=text, **fields)


def image(
    title="Ảnh thử nghiệm",
    collection=None,
    size=(1200, 750),
    filename="anh-thu-nghiem.jpg",
    **fields,
):
    """A JPEG in the image library (public unless put in a restricted collection)."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.models import Collection

    from portal.models import PortalImage

    buffer = io.BytesIO()
    PILImage.new("RGB", size, "#b3261e").save(buffer, format="JPEG")
    picture = PortalImage(
        title=title, collection=collection or Collection.get_first_root_node(), **fields
    )
    picture.file = ImageFile(buffer, name=filename)
    picture.save()
    return picture


def file(title="Tệp thử nghiệm", filename="tep-thu-nghiem.pdf", content=None, collection=None):
    """A file in Wagtail's document library (an attachment), by default a small PDF."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    document = Document(title=title, collection=collection or Collection.get_first_root_node())
    document.file.save(filename, ContentFile(content or f"%PDF-1.4 {title}".encode()))
    return document


def private_collection(name, groups):
    """A collection of images and files that only these groups may see."""
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name=name)
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="groups"
    )
    restriction.groups.set(groups)
    return collection


def news_category(name="Thông báo", slug="thong-bao", order=0):
    from news.models import NewsCategory

    return NewsCategory.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})[0]


def news_article(audience="public", categories=(), tags=(), documents=(), **fields):
    """A published article with its categories, tags and the documents it is about."""
    from news.models import NewsDocumentLink

    n = next(_counter)
    values = {"title": f"Bài tin thử nghiệm số {n}", "summary": f"Tóm tắt bài số {n}.", **fields}
    page = NewsPage(**values)
    news_index().add_child(instance=page)
    restrict(page, audience)
    page.categories.set(categories)
    page.tags.add(*tags)
    for document in documents:
        page.related_documents.add(NewsDocumentLink(document=document))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def two_factor(user):
    """Give the user an authenticator app (TOTP) and recovery codes; returns the TOTP secret."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def totp_code(secret):
    """The code the member's authenticator app shows now for this secret. As a member would,
    it waits for the next code when this one has less than two seconds left: typed at the end
    of its period, it reached the server in the next one and was refused (a CI run failed so)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 2:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))
