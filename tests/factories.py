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


def document(audience="public", parent=None, publish=True, body=None, **fields):
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
