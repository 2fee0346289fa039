"""Import members from a CSV or XLSX file: one row per member, matched by e-mail address.

Columns (header names matched without case or diacritics): họ tên, email, chi bộ, chức vụ,
trạng thái, điện thoại; the first three are required. An empty optional cell leaves the member's
value as it is (a new member gets the default), so re-running the same file changes nothing.

Every row gets an outcome (created / updated / unchanged / error, with the reasons). With any
error nothing is written unless the valid rows are explicitly accepted; whatever is written is
written in one transaction, in bulk, so 20,000 rows take seconds.
"""

import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.caching import versions
from portal.members.invitations import invite_members
from portal.members.permissions import privileged_user_ids
from portal.models import PartyCell, User
from portal.text import fold, normalise

BATCH = 1000
HEADER_SEARCH = 10
COLUMNS = {
    "full_name": ("ho ten", "ho va ten", "full name", "name"),
    "email": ("email", "e mail", "thu dien tu", "dia chi email"),
    "party_cell": ("chi bo", "party cell"),
    "position": ("chuc vu", "position"),
    "party_status": ("trang thai", "status"),
    "phone": ("dien thoai", "so dien thoai", "sdt", "phone"),
}
REQUIRED = ("full_name", "email", "party_cell")
COLUMN_LABELS = {
    "full_name": "họ tên",
    "email": "email",
    "party_cell": "chi bộ",
    "position": "chức vụ",
    "party_status": "trạng thái",
    "phone": "điện thoại",
}
POSITIONS = {
    "bi thu": User.Position.SECRETARY,
    "pho bi thu": User.Position.DEPUTY_SECRETARY,
    "dang uy vien": User.Position.COMMITTEE_MEMBER,
    "uy vien ban chap hanh": User.Position.COMMITTEE_MEMBER,
    "uy vien ubkt": User.Position.INSPECTION_MEMBER,
    "uy vien uy ban kiem tra": User.Position.INSPECTION_MEMBER,
    "dang vien": User.Position.MEMBER,
}
STATUSES = {
    "chinh thuc": User.Status.FULL,
    "dang vien chinh thuc": User.Status.FULL,
    "du bi": User.Status.PROBATIONARY,
    "dang vien du bi": User.Status.PROBATIONARY,
}
# The fields an import writes, in the order the report lists changes.
PROFILE_FIELDS = ("full_name", "party_cell", "position", "party_status", "phone")


class Outcome(models.TextChoices):
    CREATED = "created", gettext_lazy("created")
    UPDATED = "updated", gettext_lazy("updated")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")
    ERROR = "error", gettext_lazy("error")


class ImportFileError(Exception):
    """The file as a whole cannot be imported (unreadable, columns missing); a Vietnamese
    message for the person who uploaded it."""


@dataclass
class RowResult:
    line: int
    full_name: str = ""
    email: str = ""
    outcome: str = ""
    errors: list = field(default_factory=list)
    changes: list = field(default_factory=list)

    @property
    def outcome_label(self):
        return Outcome(self.outcome).label


@dataclass
class ImportReport:
    rows: list
    dry_run: bool = False
    written: bool = False
    invited: int = 0

    @property
    def counts(self):
        counted = Counter(row.outcome for row in self.rows)
        return {outcome: counted[outcome] for outcome in Outcome.values}

    @property
    def has_errors(self):
        return any(row.outcome == Outcome.ERROR for row in self.rows)


def _key(text):
    """Header names and labels compared without case, diacritics or punctuation."""
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalise(str(value))


def _read_xlsx(data):
    from openpyxl import load_workbook

    try:
        # data_only: a formula cell gives its stored value; no formula is ever evaluated.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(
            _("The file could not be read as an Excel workbook (.xlsx).")
        ) from error
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")  # CSV saved by Excel on Vietnamese Windows
    try:
        delimiter = csv.Sniffer().sniff(text[:4096].split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        # Only the delimiter is guessed (from the header): the quoting is Excel's, with "" for a
        # quote inside a quoted cell, which the sniffer cannot see in a header.
        yield from csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)
    except csv.Error as error:
        raise ImportFileError(_("The file could not be read as CSV: %s") % error) from error


def read_rows(data, filename=""):
    """Yield (line number, {column: raw cell value}) for each non-empty row under the header.

    The header is the first row naming the required columns, among the first HEADER_SEARCH
    non-empty rows (a list often starts with a title such as "DANH SÁCH ĐẢNG VIÊN")."""
    is_xlsx = filename.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04"
    lines = enumerate(_read_xlsx(data) if is_xlsx else _read_csv(data), start=1)
    columns, seen = None, 0
    for line, cells in lines:
        if not any(_text(cell) for cell in cells):
            continue
        if columns is None:
            seen += 1
            columns, missing = _header(cells)
            if missing and seen < HEADER_SEARCH:
                columns = None
            elif missing:
                break
            continue
        yield (
            line,
            {name: cells[index] if index < len(cells) else None for index, name in columns.items()},
        )
    if columns is None:
        if not seen:
            raise ImportFileError(_("The file is empty."))
        raise ImportFileError(_("No row names the columns; missing: %s.") % ", ".join(missing))


def _header(cells):
    """Return ({index: column}, [labels of the required columns missing]) for a header row."""
    aliases = {alias: name for name, names in COLUMNS.items() for alias in names}
    columns = {}
    for index, cell in enumerate(cells):
        name = aliases.get(_key(_text(cell)))
        if name is None:
            continue  # other columns (STT, notes…) are ignored
        if name in columns.values():
            raise ImportFileError(_("The column “%s” appears twice.") % COLUMN_LABELS[name])
        columns[index] = name
    return columns, [COLUMN_LABELS[name] for name in REQUIRED if name not in columns.values()]


def _clean(raw, cells):
    """Return ({field: value or None for "leave as it is"}, [errors]) for one row."""
    values, errors = {}, []
    values["full_name"] = _text(raw.get("full_name"))
    if not values["full_name"]:
        errors.append(_("The full name is missing."))
    elif len(values["full_name"]) > User._meta.get_field("full_name").max_length:
        errors.append(_("The full name is too long."))

    email = _text(raw.get("email")).lower()
    values["email"] = email
    if not email:
        errors.append(_("The e-mail address is missing."))
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("“%s” is not a valid e-mail address.") % email)

    cell_name = _text(raw.get("party_cell"))
    values["party_cell"] = cells.get(_key(cell_name))
    if not cell_name:
        errors.append(_("The chi bộ is missing."))
    elif values["party_cell"] is None:
        errors.append(_("Unknown chi bộ “%s”.") % cell_name)

    for name, choices, message in (
        ("position", POSITIONS, _("Unknown position “%s”.")),
        ("party_status", STATUSES, _("Unknown membership status “%s”.")),
    ):
        label = _text(raw.get(name))
        values[name] = choices.get(_key(label)) if label else None
        if label and values[name] is None:
            errors.append(message % label)

    phone = raw.get("phone")
    values["phone"] = _text(phone) or None
    if isinstance(phone, int | float) and len(values["phone"]) == 9:
        values["phone"] = "0" + values["phone"]  # a number cell has lost the leading zero
    if values["phone"] and len(values["phone"]) > User._meta.get_field("phone").max_length:
        errors.append(_("The phone number is too long."))
    return values, errors


def _party_cells():
    """Each chi bộ under its folded name and short name."""
    cells = {}
    for cell in PartyCell.objects.all():
        cells[_key(cell.name)] = cell
        cells[_key(cell.short_name)] = cell
    return cells


def _existing(emails):
    found = {}
    emails = sorted(emails)
    for start in range(0, len(emails), BATCH):
        chunk = emails[start : start + BATCH]
        users = User.objects.annotate(email_ci=Lower("email")).filter(email_ci__in=chunk)
        found.update((user.email_ci, user) for user in users)
    return found


def _apply(user, values):
    """Set the row's values on the user; return the labels of the fields that changed."""
    changed = []
    for name in PROFILE_FIELDS:
        value = values[name]
        if value is None:
            continue  # an empty optional cell
        attribute = "party_cell_id" if name == "party_cell" else name
        value = value.pk if name == "party_cell" else value
        if getattr(user, attribute) != value:
            setattr(user, attribute, value)
            changed.append(str(User._meta.get_field(name).verbose_name))
    if changed:
        user.update_computed_fields()
    return changed


class _Usernames:
    """New usernames from the e-mail's local part, unique without regard to case."""

    def __init__(self):
        self.taken = {name.lower() for name in User.objects.values_list("username", flat=True)}

    def new(self, email):
        base = re.sub(r"[^a-z0-9._+-]", "", fold(email.split("@")[0]))[:140] or "dangvien"
        name, number = base, 1
        while name in self.taken:
            number += 1
            name = f"{base}{number}"
        self.taken.add(name)
        return name


def import_members(
    data, filename="", *, dry_run=False, accept_valid=False, invite=False, actor=None
):
    """Import the file's rows and return an ImportReport.

    actor: the admin user uploading the file; unless a superuser, rows that would change an
    account only a superuser may change (see permissions) are errors.
    """
    cells = _party_cells()
    results, valid = [], []
    first_line = {}
    for line, raw in read_rows(data, filename):
        values, errors = _clean(raw, cells)
        result = RowResult(line, full_name=values["full_name"], email=values["email"])
        if values["email"] in first_line:
            errors.append(
                _("The e-mail address is also on row %(line)d.")
                % {"line": first_line[values["email"]]}
            )
        elif values["email"]:
            first_line[values["email"]] = line
        results.append(result)
        if errors:
            result.outcome, result.errors = Outcome.ERROR, errors
        else:
            valid.append((result, values))

    existing = _existing([values["email"] for _result, values in valid])
    protected = set() if actor is None or actor.is_superuser else privileged_user_ids()
    usernames = None
    created, updated = [], []
    for result, values in valid:
        user = existing.get(values["email"])
        if user is None:
            usernames = usernames or _Usernames()
            user = User(
                username=usernames.new(values["email"]),
                email=values["email"],
                password=make_password(None),
            )
            _apply(user, values)
            result.outcome = Outcome.CREATED
            created.append(user)
            continue
        old_cell = user.party_cell_id
        result.changes = _apply(user, values)
        if not result.changes:
            result.outcome = Outcome.UNCHANGED
        elif actor is not None and user.pk == actor.pk and user.party_cell_id != old_cell:
            result.outcome = Outcome.ERROR
            result.errors = [
                _("Another member manager changes your own party cell and committees.")
            ]
        elif user.pk in protected and user.pk != actor.pk:
            result.outcome = Outcome.ERROR
            result.errors = [_("Only an administrator can change this account.")]
        else:
            result.outcome = Outcome.UPDATED
            updated.append((user, old_cell))

    report = ImportReport(results, dry_run=dry_run)
    if dry_run or (report.has_errors and not accept_valid) or not (created or updated):
        return report
    try:
        with transaction.atomic():
            _write(created, updated)
            if invite and created:
                ids = [user.pk for user in created]
                transaction.on_commit(lambda: invite_members(ids))
    except IntegrityError as error:
        raise ImportFileError(
            _("Another change to the members was saved at the same time; please import again.")
        ) from error
    report.written = True
    report.invited = len(created) if invite else 0
    return report


def _write(created, updated):
    User.objects.bulk_create(created, batch_size=BATCH)
    User.objects.bulk_update(
        [user for user, _old_cell in updated],
        ["full_name", "name_sort_key", "name_folded", *PROFILE_FIELDS[1:]],
        batch_size=BATCH,
    )
    # The chi bộ groups, as portal.signals keeps them for single saves.
    group_of = dict(PartyCell.objects.values_list("pk", "group_id"))
    moved = [user for user, old_cell in updated if user.party_cell_id != old_cell]
    Membership = User.groups.through
    moved_ids = [user.pk for user in moved]
    for start in range(0, len(moved_ids), BATCH):
        Membership.objects.filter(
            user_id__in=moved_ids[start : start + BATCH], group_id__in=group_of.values()
        ).delete()
    Membership.objects.bulk_create(
        [
            Membership(user_id=user.pk, group_id=group_of[user.party_cell_id])
            for user in [*created, *moved]
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    versions.bump(versions.MEMBERS)  # bulk writes send no signal (portal.signals)
