"""Accounts: two-factor authentication for everyone with admin access, strong passwords, no
user enumeration, sessions that end on a password change and after an idle period."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.security import LAST_ACTIVITY_KEY
from tests import factories
from tests.security.conftest import HTTPS, settings_of

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"


@pytest.fixture
def two_factor_required(settings):
    settings.ADMIN_REQUIRE_2FA = True
    return settings


def log_in(client, user, password=factories.PASSWORD):
    """Through allauth's form, as a person would."""
    return client.post(reverse("account_login"), {"login": user.username, "password": password})


def reauthenticate(client, password=factories.PASSWORD):
    """allauth asks for the password again before an authenticator is added."""
    return client.post(reverse("account_reauthenticate"), {"password": password})


def activate_totp(client):
    reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))
    return client.session["mfa.totp.secret"]


def form_errors(response):
    form = response.context["form"]
    return sorted(str(error) for errors in form.errors.values() for error in errors)


# -- two-factor authentication ---------------------------------------------------------------


@pytest.mark.parametrize("make_user", [factories.editor, factories.moderator])
def test_admin_access_without_an_authenticator_is_sent_to_activate_one(
    client, two_factor_required, make_user
):
    user = make_user()
    log_in(client, user)
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[0] == (reverse("mfa_activate_totp"), 302)
    assert "đòi hỏi xác thực hai lớp" in response.content.decode()
    assert client.get(ADMIN + "pages/").url == reverse("mfa_activate_totp")
    response = client.post(
        reverse("account_reauthenticate"),
        {"password": factories.PASSWORD, "next": reverse("mfa_activate_totp")},
        follow=True,
    )
    assert 'src="data:image/svg+xml;base64,' in response.content.decode()  # the QR code


def test_superusers_are_held_to_it_too(client, two_factor_required):
    admin = factories.UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get(ADMIN).url == reverse("mfa_activate_totp")


def test_members_are_never_forced(client, two_factor_required, member):
    log_in(client, member)
    assert client.get(reverse("my_account")).status_code == 200
    assert client.get("/").status_code == 200
    # No admin access: turned away with a page of their own, never to the authenticator page.
    assert client.get(ADMIN).status_code == 403


def test_an_editor_activates_totp_and_then_needs_the_code_to_log_in(client, two_factor_required):
    editor = factories.editor()
    log_in(client, editor)
    secret = activate_totp(client)
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200 and not Authenticator.objects.filter(user=editor).exists()
    response = client.post(reverse("mfa_activate_totp"), {"code": factories.totp_code(secret)})
    assert response.url == reverse("mfa_view_recovery_codes")
    assert client.get(ADMIN).status_code == 200
    # The editor can still log out of the admin while forced, and logging in again asks the code.
    client.post(reverse("account_logout"))
    assert log_in(client, editor).url == reverse("mfa_authenticate")
    assert client.get(ADMIN).status_code == 302  # the password alone is not a log-in
    refused = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert "Mã không đúng" in refused.content.decode()
    client.post(reverse("mfa_authenticate"), {"code": factories.totp_code(secret)})
    assert client.get(ADMIN).status_code == 200


def test_a_recovery_code_replaces_a_lost_phone_once(client, two_factor_required):
    editor = factories.editor()
    factories.two_factor(editor)
    code = RecoveryCodes(
        Authenticator.objects.get(user=editor, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()[0]
    log_in(client, editor)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.get(ADMIN).status_code == 200
    other = Client()
    log_in(other, editor)
    other.post(reverse("mfa_authenticate"), {"code": code})
    assert other.get(ADMIN).status_code == 302  # a recovery code works once


def test_the_admin_logout_stays_reachable(client, two_factor_required):
    client.force_login(factories.editor())
    response = client.post(reverse("wagtailadmin_logout"))
    assert response.status_code == 302 and response.url != reverse("mfa_activate_totp")
    assert "_auth_user_id" not in client.session


def test_wagtail_s_front_end_log_in_cannot_skip_the_code(client, two_factor_required):
    """/_util/login/ is Django's plain log-in form: no code asked, no rate limit."""
    editor = factories.editor()
    factories.two_factor(editor)
    response = client.post(
        "/_util/login/?next=/admin/", {"username": editor.username, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/admin/"
    assert "_auth_user_id" not in client.session
    assert client.get(ADMIN).status_code == 302


def test_members_may_turn_on_two_factor_themselves(client, member):
    log_in(client, member)
    assert client.get(reverse("mfa_index")).status_code == 200
    secret = activate_totp(client)
    client.post(reverse("mfa_activate_totp"), {"code": factories.totp_code(secret)})
    client.post(reverse("account_logout"))
    assert log_in(client, member).url == reverse("mfa_authenticate")


def test_without_the_setting_editors_go_straight_in(client, settings):
    settings.ADMIN_REQUIRE_2FA = False
    client.force_login(factories.editor())
    assert client.get(ADMIN).status_code == 200


def test_production_requires_two_factor_and_the_demo_does_not(production_values):
    assert production_values["ADMIN_REQUIRE_2FA"] is True
    assert settings_of("portal.settings.dev")["ADMIN_REQUIRE_2FA"] is False
    forced = settings_of("portal.settings.dev", {"ADMIN_REQUIRE_2FA": "true"})
    assert forced["ADMIN_REQUIRE_2FA"] is True


# -- passwords ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ngan-1", "quá ngắn"),
        ("8462957310", "là số"),
        ("password123", "quá phổ biến"),
        ("dangvien-bao-mat", "giống"),
    ],
)
def test_weak_passwords_are_refused_in_vietnamese(client, password, message):
    member = factories.UserFactory(username="dangvien-bao-mat", email="baomat@example.vn")
    client.force_login(member)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": factories.PASSWORD, "password1": password, "password2": password},
    )
    assert response.status_code == 200
    assert any(message in error for error in form_errors(response)), form_errors(response)
    member.refresh_from_db()
    assert member.check_password(factories.PASSWORD)


# -- no user enumeration -----------------------------------------------------------------------


def test_log_in_answers_alike_for_a_wrong_password_and_an_unknown_account(client, member):
    known = client.post(reverse("account_login"), {"login": member.username, "password": "sai"})
    unknown = client.post(reverse("account_login"), {"login": "khong-ton-tai", "password": "sai"})
    assert known.status_code == unknown.status_code == 200
    assert form_errors(known) == form_errors(unknown) != []
    known_mail = client.post(reverse("account_login"), {"login": member.email, "password": "sai"})
    unknown_mail = client.post(
        reverse("account_login"), {"login": "khong-ai@example.vn", "password": "sai"}
    )
    assert form_errors(known_mail) == form_errors(unknown_mail) != []


def test_log_in_rate_limit_is_the_same_for_everyone(member):
    def attempts(login, ip):
        return [
            form_errors(
                Client(REMOTE_ADDR=ip).post(
                    reverse("account_login"), {"login": login, "password": "sai"}
                )
            )
            for _ in range(7)
        ]

    known, unknown = attempts(member.username, "10.9.9.1"), attempts("khong-ton-tai", "10.9.9.2")
    assert known == unknown
    assert known[-1] != known[0]  # the limit took over, for both alike


def test_behind_the_proxy_one_clients_failures_lock_nobody_else_out(production, member):
    """In production every request comes from nginx's address: the limits count X-Real-IP."""
    limit = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split("/")[0])
    attacker = Client(headers={**HTTPS, "x-real-ip": "198.51.100.66"}, REMOTE_ADDR="127.0.0.1")
    for n in range(limit):  # a different account each time: only the address limit counts
        attacker.post(reverse("account_login"), {"login": f"doan-{n}", "password": "sai"})
    refused = attacker.post(reverse("account_login"), {"login": "doan-x", "password": "sai"})
    assert "quá nhiều lần" in " ".join(form_errors(refused))
    colleague = Client(headers={**HTTPS, "x-real-ip": "198.51.100.67"}, REMOTE_ADDR="127.0.0.1")
    assert log_in(colleague, member).status_code == 302
    assert colleague.session["_auth_user_id"] == str(member.pk)


def test_password_reset_answers_alike(client, member):
    known = client.post(reverse("account_reset_password"), {"email": member.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "khong-ai@example.vn"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert known.url == reverse("account_reset_password_done")
    # Only the mailboxes learn anything: the member gets a link, the unknown address a notice.
    by_recipient = {message.to[0]: message.body for message in mail.outbox}
    assert "/accounts/password/reset/key/" in by_recipient[member.email]
    assert "/accounts/password/reset/key/" not in by_recipient["khong-ai@example.vn"]


def test_members_cannot_add_remove_or_confirm_addresses(client, member):
    other = factories.UserFactory(email="cua-nguoi-khac@example.vn")
    client.force_login(member)
    for data in (
        {"action_add": "", "email": other.email},
        {"action_remove": "", "email": member.email},
        {"action_primary": "", "email": other.email},
    ):
        assert client.post("/accounts/email/", data).status_code == 404
    assert client.get("/accounts/confirm-email/khoa-bat-ky/").status_code == 404
    member.refresh_from_db()
    assert member.email != other.email
    assert list(member.emailaddress_set.values_list("email", flat=True)) in ([], [member.email])
    assert not other.emailaddress_set.exclude(user=other).exists()


def test_adding_an_address_answers_alike_whether_it_is_taken_or_free(client, member):
    other = factories.UserFactory(email="da-co-nguoi@example.vn")
    client.force_login(member)
    taken = client.post(reverse("account_email"), {"action_add": "", "email": other.email})
    free = client.post(reverse("account_email"), {"action_add": "", "email": "moi@example.vn"})
    assert (taken.status_code, taken.get("Location")) == (free.status_code, free.get("Location"))


# -- sessions ----------------------------------------------------------------------------------


def test_a_password_change_ends_every_other_session(client, member):
    elsewhere = Client()
    log_in(elsewhere, member)
    log_in(client, member)
    assert elsewhere.get(reverse("my_account")).status_code == 200
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": factories.PASSWORD,
            "password1": "mot-mat-khau-moi-rat-dai",
            "password2": "mot-mat-khau-moi-rat-dai",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("my_account")).status_code == 200  # this session goes on
    assert elsewhere.get(reverse("my_account")).url.startswith(reverse("account_login"))


def test_a_password_reset_ends_every_session(client, member):
    log_in(client, member)
    Client().post(reverse("account_reset_password"), {"email": member.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    stranger = Client()
    form_url = stranger.get(link[1]).url
    stranger.post(
        form_url, {"password1": "mat-khau-sau-khi-quen", "password2": "mat-khau-sau-khi-quen"}
    )
    member.refresh_from_db()
    assert member.check_password("mat-khau-sau-khi-quen")
    assert client.get(reverse("my_account")).url.startswith(reverse("account_login"))


def age_session(client, seconds):
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - seconds
    session.save()


def test_an_idle_session_ends_with_a_message(client, member, settings):
    settings.IDLE_TIMEOUT = 2 * 60 * 60
    log_in(client, member)
    client.get("/")
    age_session(client, 2 * 60 * 60 + 5)
    response = client.get(reverse("my_account"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "sau 120 phút không hoạt động" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_active_session_goes_on_and_is_not_saved_on_every_request(client, member, settings):
    settings.IDLE_TIMEOUT = 2 * 60 * 60
    log_in(client, member)
    client.get("/")
    age_session(client, 2 * 60 * 60 - 60)
    assert client.get(reverse("my_account")).status_code == 200
    last = client.session[LAST_ACTIVITY_KEY]
    assert last >= int(time.time()) - 5  # refreshed
    response = client.get(reverse("my_account"))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies  # within a minute: the session is not rewritten


def test_no_idle_limit_when_switched_off(client, member, settings):
    settings.IDLE_TIMEOUT = 0
    log_in(client, member)
    age_session(client, 30 * 24 * 60 * 60)
    assert client.get(reverse("my_account")).status_code == 200


def test_admin_rights_granted_or_taken_count_from_the_next_request(client, two_factor_required):
    """Who holds admin rights is read once per change of rights (portal.security): a group given
    access to the administration needs the second factor at once, and no longer once it lost it."""
    from django.contrib.auth.models import Permission

    cell = factories.PartyCellFactory()
    member = factories.UserFactory(party_cell=cell)
    client.force_login(member)
    assert client.get("/").status_code == 200
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    cell.group.permissions.add(access)
    assert client.get("/").url == reverse("mfa_activate_totp")
    cell.group.permissions.remove(access)
    member.user_permissions.add(access)  # granted to the member alone
    assert client.get("/").url == reverse("mfa_activate_totp")
    member.user_permissions.remove(access)
    assert client.get("/").status_code == 200


def test_asking_for_the_second_factor_never_reads_a_members_permissions(client, settings):
    """Every request of a logged-in member asks whether they hold admin rights: the answer
    comes from the holders kept per change of rights, at the cost of reading that version
    (user.has_perm() would read the member's and their groups' permissions every time)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = factories.document(audience="members")
    client.force_login(factories.UserFactory())
    served = []
    for required in (False, True):
        settings.ADMIN_REQUIRE_2FA = required
        for _warm in range(2):  # the read receipt written, the caches filled
            client.get(page.url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        served.append([query["sql"] for query in queries.captured_queries])
    assert not [sql for sql in served[1] if "permission" in sql]
    assert len(served[1]) <= len(served[0]) + 1


def test_admin_rights_need_the_second_factor_outside_the_admin_too(client, two_factor_required):
    """Editors may open every chi bộ's files: with a password alone they get nothing of it."""
    cell = factories.PartyCellFactory()
    attachment = factories.file("Biên bản chi bộ", "bien-ban.pdf")
    page = factories.document(audience=cell.group, attachments=[attachment])
    editor = factories.editor(party_cell=cell)
    client.force_login(editor)
    for url in (page.url, attachment.url, "/"):
        assert client.get(url).url == reverse("mfa_activate_totp"), url
    factories.two_factor(editor)
    assert client.get(attachment.url).status_code == 200
    assert client.get(page.url).status_code == 200
