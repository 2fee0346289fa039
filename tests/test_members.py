"""Members, chi bộ and log-in: accounts through allauth, the member admin, the import, the order
of names."""

import io
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from portal.collation import name_sort_key
from portal.members.importing import import_members
from portal.models import Committee, PartyCell, User
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
EDITORS = "Biên tập viên"
MODERATORS = "Kiểm duyệt (Bí thư)"


def log_in(client, login, password=factories.PASSWORD, **extra):
    return client.post(LOGIN, {"login": login, "password": password, **extra})


def html(response):
    return response.content.decode()


# --- Log-in, log-out, sign-up ---------------------------------------------------------------


def test_log_in_by_username_and_by_email_in_any_case(client):
    member = factories.UserFactory(username="dangvien_a", email="Dang.Vien.A@Example.vn")
    assert log_in(client, "dangvien_a").status_code == 302
    assert int(client.session["_auth_user_id"]) == member.pk
    client.logout()
    response = log_in(client, "dang.vien.a@example.vn")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == member.pk


def test_wrong_password_and_unknown_account_get_the_same_vietnamese_answer(client):
    factories.UserFactory(username="dangvien_b")
    wrong = log_in(client, "dangvien_b", "sai-mat-khau")
    unknown = log_in(client, "khong_co_ai", "sai-mat-khau")
    assert wrong.status_code == unknown.status_code == 200
    assert "_auth_user_id" not in client.session
    errors = [response.context["form"].non_field_errors() for response in (wrong, unknown)]
    assert errors[0] == errors[1]
    assert "không đúng" in str(errors[0])
    assert re.search(r"incorrect|not correct", html(wrong), re.I) is None


def test_remember_me_keeps_the_session_otherwise_it_ends_with_the_browser(client):
    member = factories.UserFactory()
    log_in(client, member.username)
    assert client.session.get_expire_at_browser_close()
    client.logout()
    log_in(client, member.username, remember="on")
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() > 7 * 24 * 3600


def test_log_out(client):
    member = factories.UserFactory()
    client.force_login(member)
    page = client.get("/accounts/logout/")
    assert "Đăng xuất" in html(page)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_repeated_failures_are_rate_limited_even_with_the_right_password(client):
    member = factories.UserFactory()
    for _attempt in range(5):
        response = log_in(client, member.username, "sai-mat-khau")
        assert "quá nhiều lần" not in html(response)
    response = log_in(client, member.username)
    assert "_auth_user_id" not in client.session
    assert "Đồng chí đã đăng nhập không thành công quá nhiều lần" in html(response)


def test_the_limit_counts_per_account_however_it_is_named(client):
    member = factories.UserFactory()
    for login in [member.username, member.email.upper()] * 2 + [member.email]:
        assert "quá nhiều lần" not in html(log_in(client, login, "sai-mat-khau"))
    assert "quá nhiều lần" in html(log_in(client, member.username, "sai-mat-khau"))


def test_a_reset_link_points_at_the_public_site_whatever_the_host_asked(client):
    factories.UserFactory(email="dat.lai@example.vn")
    client.post(
        "/accounts/password/reset/", {"email": "dat.lai@example.vn"}, HTTP_HOST="localhost:9"
    )
    assert f"{settings.PUBLIC_SITE_URL}/accounts/password/reset/key/" in mail.outbox[0].body
    assert "localhost:9" not in mail.outbox[0].body


def test_sign_up_is_closed_in_vietnamese(client):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert "Không mở đăng ký tài khoản" in html(response)
    assert "Sign" not in html(response)
    before = User.objects.count()
    client.post(
        "/accounts/signup/",
        {
            "email": "moi@example.vn",
            "username": "moi",
            "password1": "x" * 12,
            "password2": "x" * 12,
        },
    )
    assert User.objects.count() == before


def test_a_deactivated_member_is_refused_without_giving_more_away(client):
    member = factories.UserFactory(is_active=False)
    response = log_in(client, member.username)
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    inactive = client.get(response["Location"])
    assert "không hoạt động" in html(inactive)
    # Without the right password, nothing tells the account exists.
    wrong = log_in(client, member.username, "sai-mat-khau")
    unknown = log_in(client, "khong_co_ai", "sai-mat-khau")
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


# --- Passwords ------------------------------------------------------------------------------


def test_password_reset_by_vietnamese_email_then_log_in_with_the_new_password(client):
    member = factories.UserFactory(email="quen.mat.khau@example.vn")
    response = client.post("/accounts/password/reset/", {"email": "Quen.Mat.Khau@example.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["quen.mat.khau@example.vn"]
    assert message.subject.startswith("[Cổng thông tin Đảng bộ] ")
    assert "mật khẩu" in message.subject.lower()
    assert "Đồng chí nhận được e-mail này" in message.body
    assert member.username in message.body
    assert "Hello" not in message.body and "password" not in message.body.lower().split("http")[0]
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", message.body).group(0)
    assert link.startswith(settings.PUBLIC_SITE_URL + "/accounts/")
    form_page = client.get(link.removeprefix(settings.PUBLIC_SITE_URL), follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(
        set_url, {"password1": "mat-khau-moi-2026!", "password2": "mat-khau-moi-2026!"}
    )
    assert done.status_code == 302
    client.logout()
    assert log_in(client, member.username, "mat-khau-moi-2026!").status_code == 302


def test_password_reset_for_an_unknown_address_looks_the_same(client):
    factories.UserFactory(email="co.that@example.vn")
    known = client.post("/accounts/password/reset/", {"email": "co.that@example.vn"})
    unknown = client.post("/accounts/password/reset/", {"email": "khong.co@example.vn"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 2
    notice = mail.outbox[1]
    assert notice.to == ["khong.co@example.vn"]
    assert "không có tài khoản nào" in notice.body
    assert "/accounts/signup/" not in notice.body


def test_password_reset_requests_are_rate_limited_in_vietnamese(client):
    factories.UserFactory(email="nhieu.lan@example.vn")
    statuses = [
        client.post("/accounts/password/reset/", {"email": "nhieu.lan@example.vn"}).status_code
        for _attempt in range(4)
    ]
    assert statuses[:3] == [302, 302, 302]
    limited = client.post("/accounts/password/reset/", {"email": "nhieu.lan@example.vn"})
    assert limited.status_code == 429
    assert "Quá nhiều" in html(limited)
    assert len(mail.outbox) == 3


NEW_PASSWORD = "mat-khau-moi-2026!"


def change_password(client):
    data = {"oldpassword": factories.PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    return client.post("/accounts/password/change/", data)


def test_password_change_sends_a_notice(client):
    member = factories.UserFactory()
    client.force_login(member)
    page = client.get("/accounts/password/change/")
    assert "Đổi mật khẩu" in html(page)
    assert change_password(client).status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert len(mail.outbox) == 1 and "Mật khẩu của đồng chí đã được thay đổi" in mail.outbox[0].body


def test_members_cannot_change_their_address_and_an_old_address_stops_working(client):
    member = factories.UserFactory(email="cu@example.vn")
    client.force_login(member)
    client.get("/accounts/email/")  # allauth records the address it knows
    client.post("/accounts/email/", {"action_add": "", "email": "tu.doi@example.vn"})
    member.refresh_from_db()
    assert member.email == "cu@example.vn"
    assert not member.emailaddress_set.filter(email="tu.doi@example.vn").exists()
    client.logout()
    # The office changes the address: the old one no longer logs in or gets reset links.
    member.email = "moi@example.vn"
    member.save()
    assert log_in(client, "cu@example.vn").status_code == 200
    client.post("/accounts/password/reset/", {"email": "cu@example.vn"})
    assert member.username not in mail.outbox[-1].body
    assert log_in(client, "moi@example.vn").status_code == 302


# --- "Tài khoản của tôi" --------------------------------------------------------------------


def test_my_account_shows_profile_chi_bo_and_committees(client):
    cell = factories.PartyCellFactory(name="Chi bộ Khoa Kinh tế", short_name="CB Kinh tế")
    member = factories.UserFactory(
        full_name="Phan Thị Ánh", party_cell=cell, position="pho-bi-thu", party_status="du-bi"
    )
    member.groups.add(factories.committee_group("ban-chap-hanh"))
    assert client.get("/tai-khoan/").status_code == 302
    client.force_login(member)
    page = html(client.get("/tai-khoan/"))
    for text in (
        "Tài khoản của tôi",
        "Phan Thị Ánh",
        "Chi bộ Khoa Kinh tế",
        "Ban Chấp hành Đảng bộ",
        "Phó Bí thư",
        "Dự bị",
        'href="/accounts/password/change/"',
    ):
        assert text in page, text


# --- Vietnamese order -----------------------------------------------------------------------

NAMES_IN_ORDER = [
    "Trần Văn An",
    "Lê Thị Ánh",
    "Nguyễn Văn Ăn",
    "Phạm Thị Ân",
    "Võ Văn Bình",
    "Hồ Văn Cường",
    "Lê Văn Dũng",
    "Nguyễn Văn Dũng",
    "Bùi Văn Đức",
    "Lý Thị Em",
    "Đỗ Thị Ênh",
    "Hà Văn Giang",
    "Phạm Văn Yên",
]


def test_members_sort_in_vietnamese_order_by_given_name_then_family_name():
    cell = factories.PartyCellFactory()
    for name in reversed(NAMES_IN_ORDER):
        factories.UserFactory(full_name=name, party_cell=cell)
    ordered = list(cell.members.in_vietnamese_order().values_list("full_name", flat=True))
    assert ordered == NAMES_IN_ORDER
    assert sorted(NAMES_IN_ORDER, key=lambda n: n.split()[-1]) != NAMES_IN_ORDER  # not code points
    assert name_sort_key("Bùi Văn Đức") > name_sort_key("Nguyễn Văn Dũng")


def test_the_admin_member_list_is_in_vietnamese_order(client):
    cell = factories.PartyCellFactory()
    for name in reversed(NAMES_IN_ORDER):
        factories.UserFactory(full_name=name, party_cell=cell)
    client.force_login(factories.editor(full_name="Zô Biên Tập"))
    page = html(client.get(f"/admin/users/?party_cell={cell.pk}"))
    positions = [page.index(name) for name in NAMES_IN_ORDER]
    assert positions == sorted(positions)


# --- Roles ----------------------------------------------------------------------------------


def test_a_fresh_database_has_the_roles_and_committees():
    editors = Group.objects.get(name=EDITORS)
    moderators = Group.objects.get(name=MODERATORS)
    for group in (editors, moderators):
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert {"access_admin", "add_user", "change_user", "view_user"} <= codenames
        assert "delete_user" not in codenames
    assert set(Committee.objects.values_list("kind", flat=True)) == {
        "ban-chap-hanh",
        "ban-thuong-vu",
        "uy-ban-kiem-tra",
    }


def test_members_have_no_admin_access(client):
    client.force_login(factories.UserFactory())
    response = client.get("/admin/")
    assert response.status_code == 403  # a page of its own, see tests/test_admin_walk.py


# --- The member admin -----------------------------------------------------------------------


def test_editor_lists_searches_and_filters_members(client):
    economy = factories.PartyCellFactory(name="Chi bộ Khoa Kinh tế", short_name="CB Kinh tế")
    technics = factories.PartyCellFactory(name="Chi bộ Khoa Kỹ thuật", short_name="CB Kỹ thuật")
    factories.UserFactory(full_name="Nguyễn Thị Huệ", party_cell=economy, party_status="du-bi")
    factories.UserFactory(full_name="Trần Văn Hùng", party_cell=technics, position="bi-thu")
    factories.UserFactory(full_name="Lê Văn Nghỉ", party_cell=technics, is_active=False)
    client.force_login(factories.editor())
    listing = html(client.get("/admin/users/"))
    for text in ("Đảng viên", "Nguyễn Thị Huệ", "Chi bộ Khoa Kinh tế", "Bí thư", "Dự bị"):
        assert text in listing, text
    assert 'href="/admin/members/import/"' in listing
    found = html(client.get("/admin/users/", {"q": "nguyen thi hue"}))
    assert "Nguyễn Thị Huệ" in found and "Trần Văn Hùng" not in found
    by_cell = html(client.get("/admin/users/", {"party_cell": technics.pk}))
    assert "Trần Văn Hùng" in by_cell and "Nguyễn Thị Huệ" not in by_cell
    inactive = html(client.get("/admin/users/", {"is_active": "false"}))
    assert "Lê Văn Nghỉ" in inactive and "Trần Văn Hùng" not in inactive
    secretaries = html(client.get("/admin/users/", {"position": "bi-thu"}))
    assert "Trần Văn Hùng" in secretaries and "Nguyễn Thị Huệ" not in secretaries


def test_editor_creates_a_member_who_gets_an_invitation(client, django_capture_on_commit_callbacks):
    cell = factories.PartyCellFactory()
    committee = Committee.objects.get(kind="uy-ban-kiem-tra")
    client.force_login(factories.editor())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/users/new/",
            {
                "full_name": "Đinh Thị Mới",
                "email": "dinh.thi.moi@example.vn",
                "username": "dinhthimoi",
                "party_cell": cell.pk,
                "position": "uy-vien-ubkt",
                "party_status": "du-bi",
                "phone": "0291 3 123 456",
                "committees": [committee.pk],
                "invite": "on",
            },
        )
    assert response.status_code == 302, response.context["form"].errors
    member = User.objects.get(username="dinhthimoi")
    assert not member.has_usable_password()
    assert set(member.groups.all()) == {cell.group, committee.group}
    assert len(mail.outbox) == 1
    assert "Đinh Thị Mới" in mail.outbox[0].body and "dinhthimoi" in mail.outbox[0].body


def test_editor_cannot_grant_rights_or_change_privileged_accounts(client):
    editor = factories.editor()
    member = factories.UserFactory()
    moderator = factories.moderator()
    client.force_login(editor)
    form = html(client.get(f"/admin/users/edit/{member.pk}/"))
    assert 'name="is_superuser"' not in form and 'name="roles"' not in form
    assert 'name="committees"' in form
    data = {
        "full_name": member.full_name,
        "email": member.email,
        "username": member.username,
        "party_cell": member.party_cell_id,
        "position": "dang-vien",
        "party_status": "chinh-thuc",
        "is_active": "on",
        "is_superuser": "on",
        "roles": [Group.objects.get(name=MODERATORS).pk],
        "groups": [Group.objects.get(name=MODERATORS).pk],
    }
    assert client.post(f"/admin/users/edit/{member.pk}/", data).status_code == 302
    member.refresh_from_db()
    assert not member.is_superuser
    assert list(member.groups.all()) == [member.party_cell.group]
    # Wagtail answers a refusal in the admin with a redirect to the dashboard and a message.
    for refused in (f"/admin/users/edit/{moderator.pk}/", f"/admin/users/delete/{member.pk}/"):
        response = client.get(refused)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), refused
    # Wagtail's "assign role" bulk action is refused to an editor, for others and themselves.
    bulk = reverse("wagtail_bulk_action", args=["portal", "user", "assign_role"])
    client.post(
        f"{bulk}?id={member.pk}&id={editor.pk}", {"role": Group.objects.get(name=MODERATORS).pk}
    )
    assert not Group.objects.get(name=MODERATORS).user_set.filter(pk__in=[member.pk, editor.pk])


def test_superuser_gives_roles_and_the_chi_bo_group_follows_the_profile(client):
    old_cell, new_cell = factories.PartyCellFactory(), factories.PartyCellFactory()
    member = factories.UserFactory(party_cell=old_cell)
    client.force_login(factories.UserFactory(is_superuser=True))
    editors = Group.objects.get(name=EDITORS)
    response = client.post(
        f"/admin/users/edit/{member.pk}/",
        {
            "full_name": member.full_name,
            "email": member.email,
            "username": member.username,
            "party_cell": new_cell.pk,
            "position": "dang-vien",
            "party_status": "chinh-thuc",
            "is_active": "on",
            "roles": [editors.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert set(member.groups.all()) == {new_cell.group, editors}
    other = factories.UserFactory()
    bulk = reverse("wagtail_bulk_action", args=["portal", "user", "assign_role"])
    client.post(f"{bulk}?id={other.pk}", {"role": Group.objects.get(name=MODERATORS).pk})
    assert other.groups.filter(name=MODERATORS).exists()


def test_a_deactivated_member_drops_out_of_audiences_but_keeps_the_account(client):
    member = factories.UserFactory()
    client.force_login(factories.editor())
    response = client.post(
        f"/admin/users/edit/{member.pk}/",
        {
            "full_name": member.full_name,
            "email": member.email,
            "username": member.username,
            "party_cell": member.party_cell_id,
            "position": member.position,
            "party_status": member.party_status,
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert not User.objects.active_members().filter(pk=member.pk).exists()
    client.logout()
    log_in(client, member.username)
    assert "_auth_user_id" not in client.session


def test_a_signed_in_member_is_signed_out_when_their_account_changes(client):
    """Each worker keeps the accounts of the members it serves (portal.caching.auth_backends):
    a deactivation by the edit form or by Wagtail's bulk action, and a new password set in
    another browser, still end the member's sessions at their next request."""
    manager = Client()
    manager.force_login(factories.editor())
    member = factories.UserFactory()
    bulk = reverse("wagtail_bulk_action", args=["portal", "user", "set_active_state"])

    def signed_in():
        return client.get("/tai-khoan/").status_code == 200

    client.force_login(member)
    assert signed_in() and signed_in()  # the second from the kept account
    manager.post(f"{bulk}?id={member.pk}", {"mark_as_active": "False"})
    assert not signed_in()
    member.refresh_from_db()
    member.is_active = True
    member.save()
    client.force_login(member)
    assert signed_in()
    elsewhere = Client()
    elsewhere.force_login(member)
    assert change_password(elsewhere).status_code == 302
    assert not signed_in()
    assert elsewhere.get("/tai-khoan/").status_code == 200  # kept signed in where it was changed


def test_party_cell_and_committee_admin(client):
    cell = factories.PartyCellFactory(name="Chi bộ Khoa Kinh tế", short_name="CB Kinh tế")
    secretary = factories.UserFactory(full_name="Nguyễn Văn Khánh", party_cell=cell)
    factories.UserFactory(party_cell=cell)
    factories.UserFactory(party_cell=cell, is_active=False)
    client.force_login(factories.editor())
    response = client.post(
        f"/admin/party_cells/edit/{cell.pk}/",
        {"name": cell.name, "short_name": cell.short_name, "secretary": secretary.pk, "order": 1},
    )
    assert response.status_code == 302
    listing = html(client.get("/admin/party_cells/"))
    assert "Nguyễn Văn Khánh" in listing
    assert re.search(r">\s*2\s*<", listing)  # two active members
    clash = client.post(
        "/admin/party_cells/new/", {"name": EDITORS, "short_name": "BTV", "order": 5}
    )
    assert clash.status_code == 200 and not PartyCell.objects.filter(short_name="BTV").exists()
    committee = Committee.objects.get(kind="ban-chap-hanh")
    secretary.groups.add(committee.group)
    committees = html(client.get("/admin/committees/"))
    assert "Ban Chấp hành Đảng bộ" in committees and "Nguyễn Văn Khánh" in committees


def test_a_chi_bo_is_deleted_only_without_members_and_takes_its_group_along(client):
    full, empty = factories.PartyCellFactory(), factories.PartyCellFactory()
    factories.UserFactory(party_cell=full)
    client.force_login(factories.UserFactory(is_superuser=True, party_cell=None))
    client.post(f"/admin/party_cells/delete/{full.pk}/")
    assert PartyCell.objects.filter(pk=full.pk).exists()
    group_id = empty.group_id
    assert client.post(f"/admin/party_cells/delete/{empty.pk}/").status_code == 302
    assert not PartyCell.objects.filter(pk=empty.pk).exists()
    assert not Group.objects.filter(pk=group_id).exists()


# --- Import ---------------------------------------------------------------------------------

HEADER = "Họ và tên,Email,Chi bộ,Chức vụ,Trạng thái,Điện thoại\n"


@pytest.fixture
def cells():
    return [
        factories.PartyCellFactory(name="Chi bộ Khoa Kinh tế", short_name="CB Kinh tế"),
        factories.PartyCellFactory(name="Chi bộ Khoa Kỹ thuật", short_name="CB Kỹ thuật"),
    ]


def csv_bytes(*rows):
    return (HEADER + "\n".join(rows) + "\n").encode("utf-8-sig")


GOOD = csv_bytes(
    "Nguyễn Văn Một,Mot.Nguyen@Example.vn,Chi bộ Khoa Kinh tế,Bí thư,Chính thức,0912345678",
    "Trần Thị Hai,hai.tran@example.vn,cb ky thuat,pho bi thu,du bi,",
    "Lê Văn Ba,ba@example.vn,CHI BO KHOA KINH TE,,,",
)


def test_import_creates_members_in_their_chi_bo(cells):
    report = import_members(GOOD, "members.csv")
    assert report.written and report.counts["created"] == 3
    one = User.objects.get(email="mot.nguyen@example.vn")
    assert (one.username, one.full_name, one.party_cell, one.position, one.party_status) == (
        "mot.nguyen",
        "Nguyễn Văn Một",
        cells[0],
        "bi-thu",
        "chinh-thuc",
    )
    assert one.phone == "0912345678" and not one.has_usable_password()
    two = User.objects.get(email="hai.tran@example.vn")
    assert (two.party_cell, two.position, two.party_status) == (cells[1], "pho-bi-thu", "du-bi")
    assert User.objects.get(email="ba@example.vn").position == "dang-vien"
    for member in User.objects.filter(email__in=["mot.nguyen@example.vn", "hai.tran@example.vn"]):
        assert list(member.groups.all()) == [member.party_cell.group]
        assert member.name_sort_key == name_sort_key(member.full_name)


def test_reimporting_the_same_file_writes_nothing(cells):
    import_members(GOOD, "members.csv")
    with CaptureQueriesContext(connection) as queries:
        report = import_members(GOOD, "members.csv")
    assert report.counts == {"created": 0, "updated": 0, "unchanged": 3, "error": 0}
    writes = [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"])]
    assert writes == []


def test_import_updates_what_changed_and_moves_the_chi_bo_group(cells):
    import_members(GOOD, "members.csv")
    changed = csv_bytes(
        "Nguyễn Văn Một,mot.nguyen@example.vn,CB Kỹ thuật,Bí thư,Chính thức,0912345678",
        "Trần Thị Hai,HAI.TRAN@example.vn,CB Kỹ thuật,Phó Bí thư,Chính thức,",
    )
    report = import_members(changed, "members.csv")
    assert [(row.outcome, row.changes) for row in report.rows] == [
        ("updated", ["chi bộ"]),
        ("updated", ["trạng thái đảng viên"]),
    ]
    one = User.objects.get(email="mot.nguyen@example.vn")
    assert list(one.groups.all()) == [cells[1].group]
    assert User.objects.get(email="hai.tran@example.vn").party_status == "chinh-thuc"


BAD = csv_bytes(
    "Nguyễn Văn Tốt,tot@example.vn,CB Kinh tế,,,",
    "Sai Thư,khong-phai-email,CB Kinh tế,,,",
    "Không Chi Bộ,khong.chibo@example.vn,Chi bộ Không Có,,,",
    ",thieu.ten@example.vn,CB Kinh tế,,,",
    "Trùng Thư,TOT@example.vn,CB Kinh tế,,,",
    "Chức Vụ Lạ,chucvu@example.vn,CB Kinh tế,Tổng thống,,",
    "Trạng Thái Lạ,trangthai@example.vn,CB Kinh tế,,Tạm,",
)


def test_a_file_with_errors_writes_nothing_and_says_why_per_row(cells):
    before = User.objects.count()
    report = import_members(BAD, "members.csv")
    assert not report.written and User.objects.count() == before
    outcomes = {row.line: (row.outcome, " ".join(row.errors)) for row in report.rows}
    assert outcomes[2] == ("created", "")
    assert outcomes[3][0] == "error" and "không phải là địa chỉ e-mail hợp lệ" in outcomes[3][1]
    assert "Không có chi bộ “Chi bộ Không Có”" in outcomes[4][1]
    assert "Thiếu họ tên" in outcomes[5][1]
    assert "cũng có ở dòng 2" in outcomes[6][1]
    assert "Không có chức vụ “Tổng thống”" in outcomes[7][1]
    assert "Không có trạng thái đảng viên “Tạm”" in outcomes[8][1]


def test_accepting_valid_rows_writes_only_those(cells):
    report = import_members(BAD, "members.csv", accept_valid=True)
    assert report.written
    assert list(
        User.objects.filter(email__endswith="@example.vn").values_list("email", flat=True)
    ) == ["tot@example.vn"]


def test_import_from_xlsx_never_evaluates_formulas(cells, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH ĐẢNG VIÊN"])  # a title above the header
    sheet.append([])
    sheet.append(["STT", "Họ tên", "E-mail", "Chi bộ", "Chức vụ", "Trạng thái", "Điện thoại"])
    sheet.append(
        [1, "Ngô Thị Bảy", "bay@example.vn", "CB Kinh tế", "Đảng viên", "Dự bị", 912345678]
    )
    sheet.append([2, "=1+1", "tam@example.vn", "CB Kinh tế", None, None, None])
    sheet.append([3, "Hồ Văn Chín", "chin@example.vn", "CB Kỹ thuật", None, None, "+84 91 234"])
    path = tmp_path / "members.xlsx"
    workbook.save(path)
    report = import_members(path.read_bytes(), "members.xlsx")
    assert [row.outcome for row in report.rows] == ["created", "error", "created"]
    assert not report.written
    report = import_members(path.read_bytes(), "members.xlsx", accept_valid=True)
    bay = User.objects.get(email="bay@example.vn")
    assert (bay.full_name, bay.phone, bay.party_status) == ("Ngô Thị Bảy", "0912345678", "du-bi")
    assert User.objects.get(email="chin@example.vn").phone == "+84 91 234"
    assert not User.objects.filter(email="tam@example.vn").exists()


def test_csv_cells_that_look_like_formulas_stay_text(cells):
    import_members(csv_bytes('=HYPERLINK("x"),cong.thuc@example.vn,CB Kinh tế,,,+84 912'), "a.csv")
    member = User.objects.get(email="cong.thuc@example.vn")
    assert member.full_name == '=HYPERLINK("x")' and member.phone == "+84 912"


def test_usernames_come_from_the_email_and_stay_unique(cells):
    factories.UserFactory(username="nguyen.a", email="nguoi.khac@example.vn")
    data = csv_bytes(
        "Nguyễn A,nguyen.a@example.vn,CB Kinh tế,,,",
        "Nguyễn A Khác,Nguyen.A@khac.vn,CB Kinh tế,,,",
        "Đặng Ư,Dang_U+dangbo@example.vn,CB Kinh tế,,,",
    )
    report = import_members(data, "a.csv")
    usernames = [User.objects.get(email=row.email).username for row in report.rows]
    assert usernames == ["nguyen.a2", "nguyen.a3", "dang_u+dangbo"]


def test_the_command_checks_imports_and_invites(
    cells, tmp_path, django_capture_on_commit_callbacks
):
    path = tmp_path / "members.csv"
    path.write_bytes(GOOD)
    out = io.StringIO()
    call_command("import_members", str(path), "--dry-run", stdout=out)
    assert "Chỉ kiểm tra" in out.getvalue() and not User.objects.filter(email="ba@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_members", str(path), "--invite", stdout=out)
    assert User.objects.filter(email__in=["ba@example.vn", "hai.tran@example.vn"]).count() == 2
    assert len(mail.outbox) == 3
    invitation = next(m for m in mail.outbox if m.to == ["ba@example.vn"])
    assert invitation.subject.startswith("[Cổng thông tin Đảng bộ] ")
    assert "Lê Văn Ba" in invitation.body and "Tên đăng nhập của đồng chí là ba" in invitation.body
    link = re.search(r"https?://\S+(/accounts/password/reset/key/\S+/)", invitation.body).group(1)
    client = __import__("django.test", fromlist=["Client"]).Client()
    page = client.get(link, follow=True)
    set_url = page.redirect_chain[-1][0]
    password = "mat-khau-dau-tien-2026"
    assert client.post(set_url, {"password1": password, "password2": password}).status_code == 302
    assert User.objects.get(email="ba@example.vn").check_password(password)

    bad = tmp_path / "bad.csv"
    bad.write_bytes(BAD)
    with pytest.raises(CommandError, match="Không ghi gì"):
        call_command("import_members", str(bad), stdout=io.StringIO())
    missing = tmp_path / "missing.csv"
    missing.write_bytes("Họ tên,Điện thoại\nA,1\n".encode())
    with pytest.raises(CommandError, match="email, chi bộ"):
        call_command("import_members", str(missing), stdout=io.StringIO())


def test_the_admin_upload_screen(client, cells):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert client.get("/admin/members/import/").status_code == 302  # anonymous: log in first
    client.force_login(factories.UserFactory())
    assert client.get("/admin/members/import/").status_code in (302, 403)
    client.force_login(factories.editor())
    page = client.get("/admin/members/import/")
    assert page.status_code == 200 and "Nhập đảng viên" in html(page)

    def upload(data, name="members.csv", **options):
        return client.post(
            "/admin/members/import/", {"file": SimpleUploadedFile(name, data), **options}
        )

    bad = upload(BAD)
    assert bad.status_code == 200 and "Không ghi gì" in html(bad)
    assert "cũng có ở dòng 2" in html(bad) and not User.objects.filter(email="tot@example.vn")
    good = upload(GOOD)
    assert good.status_code == 200 and "Đã lưu" in html(good)
    assert User.objects.filter(email="ba@example.vn").exists()
    again = html(upload(GOOD))
    assert "Không có gì thay đổi" in again
    assert upload(b"not a spreadsheet", "members.pdf").status_code == 400
    broken = upload(b"PK\x03\x04 broken", "members.xlsx")
    assert broken.status_code == 400 and "Excel" in html(broken)


def test_an_editor_cannot_change_privileged_accounts_by_import(cells):
    moderator = factories.moderator(email="bi.thu@example.vn", party_cell=cells[0])
    data = csv_bytes(f"Người Khác,{moderator.email},CB Kỹ thuật,,,")
    report = import_members(data, "a.csv", actor=factories.editor())
    assert report.rows[0].outcome == "error" and not report.written
    moderator.refresh_from_db()
    assert moderator.party_cell == cells[0]


def test_nobody_grants_themselves_an_audience(client, cells):
    """An editor may manage members, but not put themselves in a chi bộ or committee: its
    documents would open to them (through the form or a sheet alike)."""
    editor = factories.editor(party_cell=cells[0])
    client.force_login(editor)
    committee = Committee.objects.first()
    data = {
        "full_name": editor.full_name,
        "email": editor.email,
        "username": editor.username,
        "party_cell": cells[1].pk,
        "committees": [committee.pk],
        "position": "dang-vien",
        "party_status": "chinh-thuc",
        "is_active": "on",
    }
    client.post(f"/admin/users/edit/{editor.pk}/", data)
    editor.refresh_from_db()
    assert editor.party_cell == cells[0]
    assert not editor.groups.filter(committee=committee).exists()
    sheet = csv_bytes(f"{editor.full_name},{editor.email},CB Kỹ thuật,,,")
    report = import_members(sheet, "a.csv", actor=editor)
    assert report.rows[0].outcome == "error" and not report.written
    editor.refresh_from_db()
    assert editor.party_cell == cells[0]
