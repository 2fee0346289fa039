"""Who may see what: each audience against each kind of viewer, over every way in."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

from portal.models import PortalImage, User
from resolutions.models import DocumentAttachment, DocumentRelation
from tests import factories
from tests.listings import search_titles, shown_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def cells():
    return factories.PartyCellFactory(name="Chi bộ Một"), factories.PartyCellFactory(
        name="Chi bộ Hai"
    )


@pytest.fixture
def viewers(cells):
    """anonymous, a member of chi bộ Một, a member of chi bộ Hai, an editor (no chi bộ)."""
    own, other = cells
    clients = {"anonymous": Client()}
    for name, user in (
        ("member", factories.UserFactory(party_cell=own)),
        ("outsider", factories.UserFactory(party_cell=other)),
        ("editor", factories.editor(party_cell=None)),
    ):
        clients[name] = Client()
        clients[name].force_login(user)
    return clients


AUDIENCES = ["public", "members", "group", "committee"]

# Who sees a document of each audience.
EXPECTED = {
    "public": {"anonymous", "member", "outsider", "editor"},
    "members": {"member", "outsider", "editor"},
    "group": {"member"},
    "committee": set(),
}


def make_document(audience, cells, marker):
    restriction = {
        "public": "public",
        "members": "members",
        "group": cells[0].group,
        "committee": factories.committee_group("ban-chap-hanh"),
    }[audience]
    return factories.document(
        audience=restriction,
        title=f"Văn bản {marker}",
        number=f"{abs(hash(marker)) % 90 + 10}-NQ/{marker}",
        body=[{"type": "paragraph", "value": f"<p>Nội dung {marker}</p>"}],
    )


def attach_file(page, marker):
    document = Document(title=f"Tệp {marker}")
    document.file.save(f"tep-{marker}.pdf", ContentFile(b"%PDF-1.4 " + marker.encode()))
    DocumentAttachment.objects.create(page=page, document=document)
    page.save_revision().publish()
    return document


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_audience_against_each_viewer(viewers, cells, audience):
    marker = f"mk{audience}x"
    page = make_document(audience, cells, marker)
    document = attach_file(page, marker)
    for viewer, client in viewers.items():
        allowed = viewer in EXPECTED[audience]
        response = client.get(page.url)
        if allowed:
            assert response.status_code == 200, (viewer, audience)
            assert marker in response.content.decode()
        elif viewer == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 404, (viewer, audience)
            assert marker not in response.content.decode()
        found = search_titles(client.get("/tim-kiem/", {"q": marker}))
        assert found == ([page.title] if allowed else []), (viewer, audience)
        for url in ("/van-ban/", "/sitemap.xml", "/"):
            body = client.get(url).content.decode()
            if allowed and url != "/sitemap.xml":
                assert marker in body, (viewer, audience, url)
            if not allowed:
                assert marker not in body, (viewer, audience, url)
        file_response = client.get(document.url)
        if allowed or viewer == "editor":  # editors manage every file in the admin
            assert file_response.status_code == 200, (viewer, audience)
            assert marker.encode() in b"".join(file_response.streaming_content)
        elif viewer == "anonymous":
            assert file_response.status_code == 302
        else:
            assert file_response.status_code == 404


def test_counts_reveal_nothing(viewers, cells):
    make_document("group", cells, "demkin")
    anonymous = shown_count(viewers["anonymous"].get("/van-ban/"))
    outsider = shown_count(viewers["outsider"].get("/van-ban/"))
    member = shown_count(viewers["member"].get("/van-ban/"))
    assert anonymous == outsider == 0 and member == 1


def test_related_documents_box_shows_only_what_the_viewer_may_see(viewers, cells):
    secret = make_document("group", cells, "bimatlienquan")
    public = make_document("public", cells, "congkhailienquan")
    DocumentRelation.objects.create(page=public, target=secret, kind="implements")
    public.save_revision().publish()
    assert "bimatlienquan" not in viewers["outsider"].get(public.url).content.decode()
    assert "bimatlienquan" in viewers["member"].get(public.url).content.decode()
    # and the reverse link on the secret document, for those who may see it
    assert "congkhailienquan" in viewers["member"].get(secret.url).content.decode()


def test_unused_files_stay_with_the_editors(viewers):
    document = Document(title="Tệp chưa dùng")
    document.file.save("chua-dung.pdf", ContentFile(b"%PDF-1.4 chua dung"))
    assert viewers["member"].get(document.url).status_code == 404
    assert viewers["anonymous"].get(document.url).status_code == 302
    assert viewers["editor"].get(document.url).status_code == 200


def test_media_never_serves_attachments_directly(viewers, cells):
    page = make_document("group", cells, "tepmedia")
    document = attach_file(page, "tepmedia")
    response = viewers["outsider"].get("/media/" + document.file.name)
    assert response.status_code == 404


def _image(collection, title):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "red").save(buffer, format="PNG")
    image = PortalImage(title=title, collection=collection)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"{title}.png")
    image.save()
    return image


def test_images_follow_their_collection_privacy(viewers, cells):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Ảnh của Chi bộ Một")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type="groups"
    )
    restriction.groups.add(cells[0].group)
    secret = _image(private, "anh-bi-mat")
    public = _image(root, "anh-cong-khai")
    secret_rendition = secret.get_rendition("fill-32x32")
    for viewer, client in viewers.items():
        assert client.get(public.file.url).status_code == 200
        expected = 200 if viewer == "member" else 404
        assert client.get(secret.file.url).status_code == expected, viewer
        assert client.get(secret_rendition.url).status_code == expected, viewer


def without_tokens(response):
    """The page without its per-response CSRF token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_missing_and_restricted_look_the_same_from_outside(viewers, cells):
    secret = make_document("group", cells, "giongnhau")
    missing = secret.url.replace("giongnhau", "khongtontai")
    anonymous, outsider = viewers["anonymous"], viewers["outsider"]
    for url in (secret.url, missing):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"
    assert without_tokens(outsider.get(secret.url)) == without_tokens(outsider.get(missing))
    assert outsider.get(secret.url).status_code == outsider.get(missing).status_code == 404
    document = attach_file(secret, "giongnhau")
    ghost = f"/documents/{document.pk + 1000}/khong-co.pdf"
    assert anonymous.get(document.url).status_code == anonymous.get(ghost).status_code == 302
    assert outsider.get(document.url).status_code == outsider.get(ghost).status_code == 404


def test_images_follow_the_pages_that_use_them(viewers, cells):
    """An image of a public collection used only in a chi bộ's article is that chi bộ's; used
    in a public page as well, it is everyone's. Restricted files are never kept by a cache."""
    photo = factories.image(title="Ảnh nội bộ", size=(64, 48), filename="anh-noi-bo.jpg")
    rendition = photo.get_rendition("fill-32x32")
    factories.news_article(audience=cells[0].group, lead_image=photo)
    for viewer, client in viewers.items():
        for url in (photo.file.url, rendition.url):
            response = client.get(url)
            expected = 200 if viewer in ("member", "editor") else 404
            assert response.status_code == expected, (viewer, url)
            if expected == 200:
                assert response["Cache-Control"] == "private, no-store"
    factories.news_article(
        body=[{"type": "image", "value": {"image": {"image": photo.pk, "decorative": True}}}]
    )
    for client in viewers.values():
        response = client.get(rendition.url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=600"


def test_attachments_say_who_may_keep_them(viewers, cells):
    secret = attach_file(make_document("group", cells, "tepnoibo"), "tepnoibo")
    public = attach_file(make_document("public", cells, "tepcongkhai"), "tepcongkhai")
    assert viewers["member"].get(secret.url)["Cache-Control"] == "private, no-store"
    assert viewers["anonymous"].get(public.url)["Cache-Control"] == "public, max-age=600"


def test_file_access_does_not_wait_for_the_background_reference_index(viewers, cells, settings):
    """Production updates Wagtail's reference index in a background task: the pages using a
    file must be known as soon as the page is saved."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    photo = factories.image(title="Ảnh mới", size=(64, 48), filename="anh-moi.jpg")
    factories.news_article(audience=cells[0].group, lead_image=photo)
    assert viewers["outsider"].get(photo.file.url).status_code == 404
    assert viewers["member"].get(photo.file.url).status_code == 200


def test_a_successor_never_published_is_named_to_nobody(viewers, cells):
    draft = factories.document(title="Dự thảo thay thế", number="77-NQ/DUTHAO", publish=False)
    old = factories.document(title="Nghị quyết cũ", status="het-hieu-luc", superseded_by=draft)
    for viewer, client in viewers.items():
        html = client.get(old.url).content.decode()
        assert "77-NQ/DUTHAO" not in html and draft.url_path not in html, viewer


def test_the_home_page_links_only_the_sections_the_reader_may_open(viewers):
    from wagtail.models import PageViewRestriction

    from resolutions.models import DocumentIndexPage

    library = DocumentIndexPage.objects.get()
    PageViewRestriction.objects.create(page=library, restriction_type="login")
    link = f'class="side-box__more"><a href="{library.url}"'
    assert link not in viewers["anonymous"].get("/").content.decode()
    assert link in viewers["member"].get("/").content.decode()


def test_the_history_forgets_titles_that_left_the_readers_audience(viewers, cells):
    from wagtail.models import PageViewRestriction

    from resolutions.acknowledgements.services import acknowledge, revision_fingerprint

    page = factories.document(
        audience="members", title="Văn bản lichsucu", requires_acknowledgement=True
    )
    member = viewers["outsider"]
    acknowledge(
        page,
        User.objects.get(pk=member.session["_auth_user_id"]),
        revision_id=str(page.live_revision_id),
        fingerprint=revision_fingerprint(page.live_revision),
    )
    assert "lichsucu" in member.get("/xac-nhan/lich-su/").content.decode()
    restriction = PageViewRestriction.objects.get(page=page)
    restriction.restriction_type = "groups"
    restriction.save()
    restriction.groups.set([cells[0].group])
    assert "lichsucu" not in member.get("/xac-nhan/lich-su/").content.decode()


def test_copying_a_chi_bo_folder_into_a_members_folder_keeps_its_audience(viewers, cells):
    """Wagtail copies a page's own restriction only where the destination has none."""
    from resolutions.models import DocumentIndexPage

    def folder(title, slug, audience):
        page = DocumentIndexPage(title=title, slug=slug)
        factories.library().add_child(instance=page)
        factories.restrict(page, audience)
        page.save_revision().publish()
        return page

    shared = folder("Văn bản chung", "van-ban-chung", "members")
    secret = folder("Văn bản chi bộ", "van-ban-chi-bo", cells[0].group)
    admin = Client()
    admin.force_login(factories.UserFactory(is_superuser=True))
    response = admin.post(
        f"/admin/pages/{secret.pk}/copy/",
        {
            "new_title": secret.title,
            "new_slug": "ban-sao",
            "new_parent_page": shared.pk,
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302
    copy = DocumentIndexPage.objects.get(slug="ban-sao")
    assert copy.get_parent().pk == shared.pk
    assert copy.live
    assert viewers["member"].get(copy.url).status_code == 200
    assert viewers["outsider"].get(copy.url).status_code == 404


def test_a_page_under_two_restrictions_is_shown_only_to_who_passes_both(cells):
    """The leaves are sorted by the set of restrictions on them: every one must let the
    viewer in, in the lists (viewable) as in the queries (visible_pages)."""
    from django.contrib.auth.models import AnonymousUser

    from portal.audience import viewable, visible_pages
    from resolutions.models import PartyDocumentPage

    own, other = cells
    committee = factories.committee_group()
    pages = {
        "public": factories.document(audience="public"),
        "members": factories.document(audience="members"),
        "own": factories.document(audience=own.group),
        "other": factories.document(audience=other.group),
        "own and committee": factories.restrict(factories.document(audience=own.group), committee),
        "members and own": factories.restrict(factories.document(audience="members"), own.group),
    }
    names = {page.pk: name for name, page in pages.items()}
    queryset = PartyDocumentPage.objects.filter(pk__in=names).order_by("pk")
    in_committee = factories.UserFactory(party_cell=own)
    in_committee.groups.add(committee)
    expected = {
        AnonymousUser(): {"public"},
        factories.UserFactory(party_cell=None): {"public", "members"},
        factories.UserFactory(party_cell=own): {"public", "members", "own", "members and own"},
        factories.UserFactory(party_cell=other): {"public", "members", "other"},
        in_committee: {"public", "members", "own", "members and own", "own and committee"},
        factories.UserFactory(is_superuser=True): set(pages),
    }
    for user, seen in expected.items():
        assert {names[page.pk] for page in viewable(queryset, user)} == seen, user
        assert {names[page.pk] for page in visible_pages(queryset, user)} == seen, user
