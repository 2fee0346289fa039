"""Read receipts and acknowledgement: who has read and grasped each document, provably."""

import datetime
import hashlib
import io
import re
import threading

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal.caching import versions
from portal.models import User
from resolutions.acknowledgements.services import revision_fingerprint, revision_text
from resolutions.models import Acknowledgement, AcknowledgementReminder, ReadReceipt
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def cell():
    return factories.PartyCellFactory(name="Chi bộ Khoa Kinh tế thử nghiệm")


@pytest.fixture
def other_cell():
    return factories.PartyCellFactory(name="Chi bộ Khoa Kỹ thuật thử nghiệm")


@pytest.fixture
def reader(cell):
    return factories.UserFactory(party_cell=cell, full_name="Phan Thị Ánh")


@pytest.fixture
def outsider(other_cell):
    return factories.UserFactory(party_cell=other_cell)


def required_document(audience="members", deadline_days=7, **fields):
    return factories.document(
        audience=audience,
        requires_acknowledgement=True,
        acknowledgement_deadline=TODAY + datetime.timedelta(days=deadline_days)
        if deadline_days is not None
        else None,
        **fields,
    )


def form_values(client, page, url=None):
    """The hidden values of the acknowledgement form, as the member's browser received them
    (on the document page, or at `url`)."""
    html = client.get(url or page.url).content.decode()
    assert 'name="fingerprint"' in html, "the acknowledgement form is not shown"
    return {
        name: match[1]
        for name in ("revision", "fingerprint", "previous_fingerprint")
        if (match := re.search(f'name="{name}" value="([^"]*)"', html))
    }


def post_acknowledgement(client, page, url=None, **extra):
    data = {**form_values(client, page, url), **extra}
    return client.post(reverse("acknowledge_document", args=[page.pk]), data, follow=True)


def test_member_acknowledges_and_the_record_proves_what_was_read(client, reader):
    page = required_document()
    client.force_login(reader)
    response = client.post(
        reverse("acknowledge_document", args=[page.pk]),
        form_values(client, page),
        HTTP_USER_AGENT="Trình duyệt thử",
        REMOTE_ADDR="10.1.2.3",
        follow=True,
    )
    record = Acknowledgement.objects.get(member=reader, page=page)
    assert record.revision_id == page.live_revision_id
    expected = hashlib.sha256(page.live_revision.as_object().plain_text().encode()).hexdigest()
    assert record.fingerprint == expected
    assert (record.ip_address, record.user_agent) == ("10.1.2.3", "Trình duyệt thử")
    html = response.content.decode()
    assert "Đã xác nhận lúc" in html
    assert "Cảm ơn" in html
    assert 'name="fingerprint"' not in html


def test_posting_twice_keeps_one_record(client, reader):
    page = required_document()
    client.force_login(reader)
    values = form_values(client, page)
    url = reverse("acknowledge_document", args=[page.pk])
    client.post(url, values)
    response = client.post(url, values, follow=True)
    assert Acknowledgement.objects.filter(member=reader, page=page).count() == 1
    assert "Đồng chí đã xác nhận văn bản này trước đó" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_acknowledgements_leave_exactly_one_record():
    cell = factories.PartyCellFactory()
    reader = factories.UserFactory(party_cell=cell)
    page = required_document()
    client = Client()
    client.force_login(reader)
    values = form_values(client, page)
    url = reverse("acknowledge_document", args=[page.pk])
    statuses, errors = [], []
    barrier = threading.Barrier(8)

    def post():
        own = Client()
        own.force_login(reader)
        try:
            barrier.wait()
            statuses.append(own.post(url, values).status_code)
        except Exception as exc:  # an error page or a database error is a failure
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert statuses == [302] * 8
    assert Acknowledgement.objects.filter(member=reader, page=page).count() == 1


def test_outsiders_anonymous_and_forged_posts_record_nothing(client, reader, outsider, cell):
    page = required_document(audience=cell.group)
    url = reverse("acknowledge_document", args=[page.pk])
    reader_client = Client()
    reader_client.force_login(reader)
    values = form_values(reader_client, page)

    assert client.post(url, values).status_code == 302  # anonymous: to the log-in page
    assert client.post(url, values)["Location"].startswith(reverse("account_login"))

    client.force_login(outsider)
    assert client.post(url, values).status_code == 404  # same as a document that does not exist
    assert client.post(reverse("acknowledge_document", args=[999999]), values).status_code == 404

    forged = Client(enforce_csrf_checks=True)
    forged.force_login(reader)
    assert forged.post(url, values).status_code == 403
    assert not Acknowledgement.objects.exists()


def test_stale_or_tampered_form_is_refused(client, reader):
    page = required_document()
    client.force_login(reader)
    values = form_values(client, page)
    response = post_acknowledgement(client, page, fingerprint="0" * 64)
    assert "không khớp" in response.content.decode()
    page.title = page.title + " (sửa)"
    page.save_revision().publish()
    response = client.post(reverse("acknowledge_document", args=[page.pk]), values, follow=True)
    assert "đã được cập nhật" in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_takeaway_is_required_when_asked_and_kept_when_refused(client, reader):
    page = required_document(ask_takeaway=True, takeaway_prompt="Đồng chí sẽ làm gì?")
    client.force_login(reader)
    html = client.get(page.url).content.decode()
    assert "Đồng chí sẽ làm gì?" in html
    response = post_acknowledgement(client, page, takeaway="   ")
    assert "Vui lòng viết bản thu hoạch" in response.content.decode()
    too_long = "x" * 5001
    response = post_acknowledgement(client, page, takeaway=too_long)
    assert too_long in response.content.decode()  # what the member typed is not lost
    assert not Acknowledgement.objects.exists()
    post_acknowledgement(client, page, takeaway="Tôi sẽ <b>thực hiện</b> nghị quyết.")
    assert Acknowledgement.objects.get().takeaway == "Tôi sẽ <b>thực hiện</b> nghị quyết."


def test_document_no_longer_requiring_acknowledgement_says_so(client, reader):
    page = required_document()
    client.force_login(reader)
    values = form_values(client, page)
    page.requires_acknowledgement = False
    page.save_revision().publish()
    response = client.post(reverse("acknowledge_document", args=[page.pk]), values, follow=True)
    assert "không còn yêu cầu xác nhận" in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_after_the_deadline_the_acknowledgement_is_kept_and_marked_late(client, reader):
    page = required_document(deadline_days=-3)
    client.force_login(reader)
    assert "Quá hạn" in client.get(page.url).content.decode()
    response = post_acknowledgement(client, page)
    assert "sau thời hạn" in response.content.decode()
    assert Acknowledgement.objects.filter(member=reader).count() == 1


def test_members_list_nearest_deadline_first_and_it_empties(client, reader):
    later = required_document(deadline_days=20, title="Kế hoạch hạn xa")
    overdue = required_document(deadline_days=-2, title="Nghị quyết quá hạn")
    sooner = required_document(deadline_days=2, title="Thông báo hạn gần")
    no_deadline = required_document(deadline_days=None, title="Văn bản không hạn")
    factories.document(audience="members", title="Văn bản không cần xác nhận")
    client.force_login(reader)
    html = client.get(reverse("acknowledgement_pending")).content.decode()
    positions = [html.index(p.title) for p in (overdue, sooner, later, no_deadline)]
    assert positions == sorted(positions)
    assert "Văn bản không cần xác nhận" not in html
    assert html.count("Quá hạn") == 1
    assert "Cần xác nhận (4)" in client.get("/").content.decode()
    for page in (later, overdue, sooner, no_deadline):
        post_acknowledgement(client, page)
    html = client.get(reverse("acknowledgement_pending")).content.decode()
    assert "Không có văn bản nào chờ đồng chí" in html
    history = client.get(reverse("acknowledgement_history")).content.decode()
    assert all(p.title in history for p in (later, overdue, sooner, no_deadline))


def test_audience_is_live(client, cell, other_cell):
    page = required_document(audience=cell.group)
    newcomer = factories.UserFactory(party_cell=other_cell)
    client.force_login(newcomer)
    assert page.title not in client.get(reverse("acknowledgement_pending")).content.decode()
    newcomer.party_cell = cell
    newcomer.save()
    assert page.title in client.get(reverse("acknowledgement_pending")).content.decode()

    from resolutions.acknowledgements.progress import document_progress

    assert document_progress(page).total.audience == 1
    newcomer.is_active = False
    newcomer.save()
    assert document_progress(page).total.audience == 0


def test_typo_fix_keeps_acknowledgements_and_substantive_change_asks_again(
    client, reader, django_capture_on_commit_callbacks
):
    page = required_document(
        body=[
            {"type": "heading", "value": {"number": "1.", "text": "Mục tiêu", "level": "2"}},
            {"type": "paragraph", "value": "<p>Tỷ lệ tốt nghiệp đạt 90%.</p>"},
        ]
    )
    client.force_login(reader)
    post_acknowledgement(client, page)

    page.title = page.title + " "  # a typo fix
    page.save_revision().publish()
    assert page.title not in client.get(reverse("acknowledgement_pending")).content.decode()
    assert "Đã xác nhận lúc" in client.get(page.url).content.decode()
    assert mail.outbox == []

    page.body = [
        {"type": "heading", "value": {"number": "1.", "text": "Mục tiêu", "level": "2"}},
        {"type": "paragraph", "value": "<p>Tỷ lệ tốt nghiệp đạt 95%.</p>"},
    ]
    page.substantive_change = True
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    assert page.substantive_change is False  # the next edit starts unticked
    html = client.get(page.url).content.decode()
    assert "xác nhận một phiên bản trước" in html and 'name="fingerprint"' not in html
    changes_url = reverse("acknowledgement_changes", args=[page.pk])
    changes = client.get(changes_url).content.decode()
    assert "<del>90%.</del>" in changes and "<ins>95%.</ins>" in changes
    assert page.title in client.get(reverse("acknowledgement_pending")).content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [reader.email]
    assert "xác nhận lại" in mail.outbox[0].subject
    post_acknowledgement(client, page, changes_url)
    assert Acknowledgement.objects.filter(member=reader, page=page).count() == 2


def test_read_receipts_write_at_most_once_a_day(client, reader):
    page = required_document()
    client.force_login(reader)
    client.get(page.url)
    receipt = ReadReceipt.objects.get(member=reader, page=page)
    assert receipt.first_opened_at == receipt.last_opened_at
    with CaptureQueriesContext(connection) as queries:
        client.get(page.url)
    writes = [q["sql"] for q in queries if "readreceipt" in q["sql"].lower()]
    assert writes == []
    assert ReadReceipt.objects.count() == 1


def test_opening_and_acknowledging_are_different_facts(client, reader, cell):
    page = required_document(audience=cell.group)
    editor = factories.editor()
    client.force_login(reader)
    client.get(page.url)
    client.force_login(editor)
    html = client.get(reverse("acknowledgement_progress", args=[page.pk])).content.decode()
    assert "Đã mở" in html and reader.full_name in html  # opened, still pending
    from resolutions.acknowledgements.progress import document_progress

    progress = document_progress(page)
    assert (progress.total.opened, progress.total.acknowledged) == (1, 0)


def bulk_members(cells, count, prefix):
    """Many members at once, spread over the cells (and their groups), as an import would."""
    users = User.objects.bulk_create(
        [
            User(
                username=f"{prefix}{index}",
                email=f"{prefix}{index}@example.vn",
                full_name=f"Nguyễn Văn Thành Viên {index}",
                party_cell=cells[index % len(cells)],
            )
            for index in range(count)
        ],
        batch_size=5000,
    )
    User.groups.through.objects.bulk_create(
        [
            User.groups.through(user_id=user.pk, group_id=cells[index % len(cells)].group_id)
            for index, user in enumerate(users)
        ],
        batch_size=5000,
    )
    versions.bump(versions.MEMBERS)  # as the importer does after its bulk writes


def test_progress_view_answers_in_a_constant_number_of_queries(client, django_assert_num_queries):
    cells = [factories.PartyCellFactory() for _ in range(4)]
    page = required_document(audience=[cell.group for cell in cells])
    client.force_login(factories.editor())
    url = reverse("acknowledgement_progress", args=[page.pk])
    client.get(url)  # warm the caches (content types, site root)
    bulk_members(cells, 20, "nho")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    bulk_members(cells, 20_000, "lon")
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["progress"].total.audience == 20_020
    assert len(response.context["pending_page"].object_list) == 50
    assert "<dd>20.020</dd>" in response.content.decode()  # grouped as Vietnamese writes it


def test_progress_tallies_are_kept_until_someone_reads_acknowledges_or_moves(
    client, django_assert_max_num_queries
):
    """The counts per chi bộ are kept between views (the aggregate reads the whole audience)
    and counted again at once after each change that moves them."""
    cell, other = factories.PartyCellFactory(), factories.PartyCellFactory()
    member = factories.UserFactory(party_cell=cell)
    page = required_document()
    editor = factories.editor()
    client.force_login(editor)
    url = reverse("acknowledgement_progress", args=[page.pk])

    def tallies():
        progress = client.get(url).context["progress"]
        return {
            tally.cell_id: (tally.audience, tally.opened, tally.acknowledged)
            for tally in progress.cells
        }

    assert tallies()[cell.pk] == (1, 0, 0)
    with CaptureQueriesContext(connection) as kept:
        tallies()
    assert not any(
        "COUNT" in query["sql"] and "resolutions_readreceipt" in query["sql"]
        for query in kept.captured_queries
    )
    client.force_login(member)
    values = form_values(client, page)  # opens the page
    client.force_login(editor)
    assert tallies()[cell.pk] == (1, 1, 0)
    client.force_login(member)
    client.post(reverse("acknowledge_document", args=[page.pk]), values)
    client.force_login(editor)
    assert tallies()[cell.pk] == (1, 1, 1)
    member.party_cell = other
    member.save()
    now = tallies()
    assert now[other.pk] == (1, 1, 1) and cell.pk not in now
    # Wagtail's bulk deactivation writes in one update, without signals.
    bulk = reverse("wagtail_bulk_action", args=["portal", "user", "set_active_state"])
    assert client.post(f"{bulk}?id={member.pk}", {"mark_as_active": "False"}).status_code == 302
    assert other.pk not in tallies()


def test_progress_counts_each_chi_bo_and_pages_its_pending_members(client):
    first, second, outside = (factories.PartyCellFactory() for _ in range(3))
    page = required_document(audience=[first.group, second.group])
    round_ = page.acknowledgement_rounds.get(is_current=True)
    members = {
        cell: [factories.UserFactory(party_cell=cell) for _ in range(size)]
        for cell, size in ((first, 3), (second, 55), (outside, 2))
    }
    departed = factories.UserFactory(party_cell=first, is_active=False)
    now = timezone.now()
    # Records of members outside the audience (another chi bộ, an account closed since) stay
    # evidence but are not counted.
    for member in [members[first][0], *members[second][:5], members[outside][0], departed]:
        Acknowledgement.objects.create(
            round=round_, page=page, member=member, revision=round_.revision, fingerprint="f"
        )
    for member in [*members[first][:2], members[outside][1]]:
        ReadReceipt.objects.create(
            page=page, member=member, first_opened_at=now, last_opened_at=now
        )
    client.force_login(factories.editor())
    url = reverse("acknowledgement_progress", args=[page.pk])
    response = client.get(url)
    tallies = {
        tally.cell_id: (tally.audience, tally.opened, tally.acknowledged, tally.pending)
        for tally in response.context["progress"].cells
    }
    assert tallies == {first.pk: (3, 2, 1, 2), second.pk: (55, 0, 5, 50)}
    assert 'aria-label="1 trên 3 đã xác nhận"' in response.content.decode()

    pending = client.get(url, {"chi_bo": second.pk}).context["pending_page"]
    assert (pending.paginator.count, pending.paginator.num_pages) == (50, 1)
    assert {member.party_cell_id for member in pending.object_list} == {second.pk}
    assert client.get(url, {"p": 2}).context["pending_page"].paginator.count == 52
    assert len(client.get(url, {"p": 2}).context["pending_page"].object_list) == 2
    response = client.get(url, {"chi_bo": outside.pk})
    assert len(response.context["pending_page"].object_list) == 0
    assert "Tất cả đã xác nhận." in response.content.decode()


def test_export_carries_fingerprints_and_neutralises_formulas(client, cell):
    page = required_document(audience=cell.group)
    sly = factories.UserFactory(party_cell=cell, full_name='=HYPERLINK("http://x","bấm")')
    honest = factories.UserFactory(party_cell=cell, full_name="Lê Văn Thật")
    member_client = Client()
    member_client.force_login(honest)
    post_acknowledgement(member_client, page)
    record = Acknowledgement.objects.get()
    client.force_login(factories.editor())
    url = reverse("acknowledgement_export", args=[page.pk])
    csv_response = client.get(url + "?export=csv")
    csv_bytes = b"".join(csv_response.streaming_content)
    assert csv_bytes.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the BOM
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    csv_text = csv_bytes.decode()
    assert record.fingerprint in csv_text
    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text
    workbook = load_workbook(io.BytesIO(client.get(url + "?export=xlsx").getvalue()))
    sheet = workbook.active
    assert sheet.title.startswith("Xác nhận đã đọc")
    assert sheet.freeze_panes == "A5" and sheet["A4"].font.bold and sheet["A1"].font.bold
    rows = list(sheet.iter_rows(values_only=True))
    assert page.title in rows[0][0] and rows[1][0].startswith("Xuất lúc")
    assert rows[3][0] == "Họ và tên"
    by_name = {row[0]: row for row in rows[4:]}
    assert by_name["Lê Văn Thật"][6] == record.fingerprint
    assert isinstance(by_name["Lê Văn Thật"][4], datetime.datetime)  # a real date
    assert sheet.column_dimensions["G"].width == 60  # the fingerprint, capped
    assert str(by_name["'" + sly.full_name][0]).startswith("'=")


def test_members_and_anonymous_cannot_open_the_progress_view(client, reader):
    page = required_document()
    url = reverse("acknowledgement_progress", args=[page.pk])
    assert client.get(url).status_code == 302
    client.force_login(reader)
    assert client.get(url).status_code in (302, 403)
    assert client.get(reverse("acknowledgement_export", args=[page.pk])).status_code in (302, 403)


def test_reminders_once_a_day_in_vietnamese_with_a_secretary_digest(
    reader, cell, django_capture_on_commit_callbacks
):
    secretary = factories.UserFactory(party_cell=cell, full_name="Bí Thư Chi Bộ")
    cell.secretary = secretary
    cell.save()
    due = required_document(audience=cell.group, deadline_days=1, title="Nghị quyết sắp hết hạn")
    required_document(audience=cell.group, deadline_days=30, title="Kế hoạch còn lâu")
    out = io.StringIO()
    call_command("send_ack_reminders", "--dry-run", stdout=out)
    assert mail.outbox == [] and "would remind 2" in out.getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_ack_reminders", stdout=io.StringIO())
    reminders = [m for m in mail.outbox if "Nghị quyết sắp hết hạn" in m.subject]
    assert sorted(m.to[0] for m in reminders) == sorted([reader.email, secretary.email])
    assert reminders[0].subject.startswith("Đề nghị xác nhận")
    assert due.url_path.removeprefix("/home") in reminders[0].body
    digests = [m for m in mail.outbox if m not in reminders]
    assert len(digests) == 1 and digests[0].to == [secretary.email]
    assert reader.full_name in digests[0].body
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_ack_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == sent  # safe to run twice
    assert AcknowledgementReminder.objects.count() == 2


def test_reminder_action_in_the_admin(client, reader, cell, django_capture_on_commit_callbacks):
    page = required_document(audience=cell.group)
    client.force_login(factories.editor())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("acknowledgement_remind", args=[page.pk]), follow=True)
    assert "Đã gửi nhắc nhở" in response.content.decode()
    assert [m.to for m in mail.outbox] == [[reader.email]]


def test_verify_acknowledgements_finds_tampered_records(client, reader):
    page = required_document()
    client.force_login(reader)
    post_acknowledgement(client, page)
    out = io.StringIO()
    call_command("verify_acknowledgements", stdout=out)
    assert "1 acknowledgements checked, 0 mismatched" in out.getvalue()
    assert revision_fingerprint(page.live_revision) == Acknowledgement.objects.get().fingerprint
    assert revision_text(page.live_revision).startswith("Đảng ủy Khối Thử nghiệm")
    Acknowledgement.objects.update(fingerprint="f" * 64)
    out = io.StringIO()
    with pytest.raises(Exception, match="do not match"):
        call_command("verify_acknowledgements", "--document", page.pk, stdout=out)
    assert "MISMATCH" in out.getvalue()


def test_overview_lists_documents_and_lagging_cells(client, reader, cell):
    required_document(audience=cell.group, deadline_days=-1, title="Văn bản quá hạn của chi bộ")
    client.force_login(factories.editor())
    html = client.get(reverse("acknowledgement_overview")).content.decode()
    assert "Văn bản quá hạn của chi bộ" in html and cell.name in html


def test_moderators_have_the_progress_permission():
    for name in ("Biên tập viên", "Kiểm duyệt (Bí thư)"):
        assert (
            Group.objects.get(name=name)
            .permissions.filter(codename="view_acknowledgement")
            .exists()
        )


def test_home_page_shows_what_waits_for_the_member(client, reader):
    overdue = required_document(deadline_days=-1, title="Nghị quyết đã quá hạn xác nhận")
    client.force_login(reader)
    html = client.get("/").content.decode()
    assert "Văn bản cần xác nhận" in html and overdue.title in html and "Quá hạn" in html
    post_acknowledgement(client, overdue)
    html = client.get("/").content.decode()
    assert overdue.title not in html.split("home-pending", 1)[1].split("</section>", 1)[0]
    assert "Không có văn bản nào chờ đồng chí xác nhận" in html
