"""Fill a database with a province-sized portal for `make bench`: chi bộ and members, documents,
news, acknowledgements with read receipts, and comments, in realistic Vietnamese.

At this size saving objects one by one would take hours, so rows are written in bulk:
- members and memberships with bulk_create (one password hash shared by every account);
- pages as treebeard rows built here (path, depth, url_path under the library and the news
  index), each with the published Revision of its content and that revision's stored
  fingerprint, so acknowledgement fingerprints work as for pages saved through Wagtail;
- acknowledgements, read receipts and comments, the million-row tables, through COPY on
  PostgreSQL and executemany on SQLite, keeping the past times they are given (bulk_create
  would stamp every row with auto_now_add);
- the search index through the backend's bulk add, as `update_index` does.

Run it on a freshly migrated database; it refuses to run twice on the same one.
"""

import contextlib
import datetime
import functools
import math
import random
import time
import uuid
from itertools import islice

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from modelcluster.models import (
    get_all_child_m2m_relations,
    get_all_child_relations,
    get_serializable_data_for_fields,
)
from wagtail.models import Locale, Page, PageViewRestriction, Revision
from wagtail.search.backends import get_search_backend

from news.models import NewsCategory, NewsIndexPage, NewsPage
from portal.audience import forget_restrictions
from portal.caching import anonymous as page_cache
from portal.models import Committee, PartyCell, User
from portal.slugs import vietnamese_slug
from portal.workload import scale as content
from resolutions.acknowledgements.services import text_fingerprint
from resolutions.models import (
    TYPE_SYMBOLS,
    Acknowledgement,
    AcknowledgementRound,
    Comment,
    DocumentIndexPage,
    PartyDocumentPage,
    ReadReceipt,
    RevisionFingerprint,
)

EMAIL_DOMAIN = "quymo.example.vn"
EDITOR_USERNAME = "bientap.quymo"
EDITORS = "Biên tập viên"
CHUNK = 20_000
# The document everyone opens on the same morning: the newest one for all members.
FEATURED_COMMENTS = 200
MAX_COMMENTS = 150  # on any other document
YEARS_OF_HISTORY = 10
ACKNOWLEDGEMENT_FIELDS = [
    "round",
    "page",
    "member",
    "revision",
    "acknowledged_at",
    "ip_address",
    "user_agent",
    "fingerprint",
    "takeaway",
]
RECEIPT_FIELDS = ["page", "member", "first_opened_at", "last_opened_at"]
# One round on PostgreSQL: `readers` members drawn at random open the document at a moment
# between the round's opening and its close, and the first `count` of them acknowledge it then.
ACKNOWLEDGEMENTS_SQL = """
WITH readers AS MATERIALIZED (
    SELECT member_id, row_number() OVER () AS position,
           %(opened)s + (%(closes)s - %(opened)s) * random() AS moment
    FROM (SELECT member_id FROM scale_audience ORDER BY random() LIMIT %(readers)s) AS drawn
), receipts AS (
    INSERT INTO resolutions_readreceipt (page_id, member_id, first_opened_at, last_opened_at)
    SELECT %(page)s, member_id,
           greatest(%(opened)s, moment - make_interval(mins => 1 + floor(random() * 600)::int)),
           moment
    FROM readers
)
INSERT INTO resolutions_acknowledgement (round_id, page_id, member_id, revision_id,
    acknowledged_at, ip_address, user_agent, fingerprint, takeaway)
SELECT %(round)s, %(page)s, member_id, %(revision)s, moment,
       format('10.%%s.%%s.%%s', floor(random() * 256), floor(random() * 256),
              1 + floor(random() * 254))::inet,
       (%(agents)s::text[])[1 + floor(random() * cardinality(%(agents)s::text[]))::int],
       %(fingerprint)s, ''
FROM readers WHERE position <= %(count)s
"""


def chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


# Values of these fields are written as they are; the others (dates, JSON, UUIDs) go through the
# field's own database preparation, as in save(). Skipping it where it does nothing saves most
# of the time on a million rows.
PLAIN_FIELDS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "GenericIPAddressField",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "SlugField",
    "TextField",
}


def insert_rows(model, field_names, rows):
    """Write tuples of Python values into `model`'s table in bulk: COPY on PostgreSQL,
    executemany elsewhere."""
    fields = [model._meta.get_field(name) for name in field_names]
    prepare = [
        None
        if field.get_internal_type() in PLAIN_FIELDS
        else functools.partial(field.get_db_prep_save, connection=connection)
        for field in fields
    ]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    count = 0
    with connection.cursor() as cursor:
        for chunk in chunks(rows, CHUNK):
            prepared = [
                [v if p is None else p(v) for p, v in zip(prepare, row, strict=True)]
                for row in chunk
            ]
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in prepared:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(fields))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", prepared
                )
            count += len(chunk)
    return count


@contextlib.contextmanager
def without_indexes(*models):
    """PostgreSQL: drop the tables' indexes and constraints but their primary keys for a bulk
    load, then build them again, each in one pass (which also checks every foreign key):
    maintaining nine indexes row by row makes ten million rows several times slower."""
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('u', 'f')"
            " ORDER BY contype DESC",
            [tables],
        )
        constraints = cursor.fetchall()
        # Foreign keys are deferred: check the rows written so far now, as PostgreSQL alters
        # no table (here the referenced ones) with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table, name, _definition in constraints:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'p')",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in reversed(constraints):
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


def insert_objects(model, objects):
    """Write model instances (primary keys set) into `model`'s own table, without save()."""
    fields = model._meta.local_concrete_fields
    rows = ([field.pre_save(obj, False) for field in fields] for obj in objects)
    return insert_rows(model, [field.name for field in fields], rows)


def revision_content(page, children=None):
    """What page.serializable_data() gives for a page whose child relations hold `children`
    (empty by default), without asking the database about children a new page cannot have."""
    data = get_serializable_data_for_fields(page)
    for relation in get_all_child_relations(page):
        data[relation.get_accessor_name()] = []
    for field in get_all_child_m2m_relations(page):
        if field.serialize:
            data[field.name] = []
    return {**data, **(children or {})}


def next_id(model):
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


class Command(BaseCommand):
    help = "Fill the database with a province-sized portal for the benchmark (make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=20_000)
        parser.add_argument("--cells", type=int, default=200, help="number of chi bộ")
        parser.add_argument("--documents", type=int, default=5_000)
        parser.add_argument("--news", type=int, default=5_000)
        parser.add_argument("--acknowledgements", type=int, default=1_000_000)
        parser.add_argument("--comments", type=int, default=100_000)
        parser.add_argument(
            "--busy-documents",
            type=int,
            default=0,
            help=f"documents with {FEATURED_COMMENTS} comments each, out of --comments "
            "(the bench's cold member pages)",
        )
        parser.add_argument("--password", default="demo-portal-2026", help="of every account")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, **options):
        if User.objects.filter(username=EDITOR_USERNAME).exists():
            raise CommandError("This database already holds generated data; use a new one.")
        if options["members"] < options["cells"] or options["cells"] < 1:
            raise CommandError("Give at least one chi bộ and one member per chi bộ.")
        self.rng = random.Random(options["seed"])
        self.now = timezone.now()
        self.locale = Locale.get_default()
        started = time.perf_counter()
        if connection.vendor == "sqlite":
            # A bulk load in one transaction: a large page cache keeps the index pages of the
            # million-row tables in memory instead of rereading them for every insert.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -524288")  # 512 MB
        with transaction.atomic():
            self.step("chi bộ and members", self.members, options)
            self.step("documents", self.documents, options["documents"], options)
            self.step("news", self.news, options["news"])
            self.step("acknowledgements", self.acknowledgements, options["acknowledgements"])
            self.step("comments", self.comments, options["comments"], options["busy_documents"])
            self.step("search index", self.search_index)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(
                    no_style(), [Page, Revision, AcknowledgementRound, Comment]
                ):
                    cursor.execute(sql)
        with connection.cursor() as cursor:
            # Fresh statistics after a bulk load: without them SQLite's planner picks the
            # low-selectivity comment state index over the parent index, for example. On
            # PostgreSQL, VACUUM also spares the first readers the work autovacuum would do.
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        forget_restrictions()
        page_cache.invalidate()
        self.stdout.write(
            self.style.SUCCESS(f"generate_scale finished in {time.perf_counter() - started:.1f} s")
        )

    def step(self, label, function, *args):
        started = time.perf_counter()
        summary = function(*args)
        self.stdout.write(f"{label}: {summary} ({time.perf_counter() - started:.1f} s)")

    def uid(self):
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def past(self, start, end=None):
        """A moment between `start` and `end` (now by default)."""
        end = min(end or self.now, self.now)
        if end <= start:
            return end
        return start + (end - start) * self.rng.random()

    # -- chi bộ and members ----------------------------------------------------------------

    def members(self, options):
        rng, count, cell_count = self.rng, options["members"], options["cells"]
        names = [
            f"Chi bộ {unit} - {agency}" for agency in content.AGENCIES for unit in content.UNITS
        ]
        names += [f"Chi bộ số {n}" for n in range(len(names) + 1, cell_count + 1)]
        order = (PartyCell.objects.aggregate(top=Max("order"))["top"] or 0) + 1
        cells = [
            PartyCell.objects.create(name=name, short_name=f"QM{n:03d}", order=order + n)
            for n, name in enumerate(names[:cell_count])
        ]
        password = make_password(options["password"])
        users, leaders = [], {}
        for n in range(1, count + 1):
            cell = cells[n - 1] if n <= cell_count else rng.choice(cells)
            position = User.Position.MEMBER
            if n <= cell_count:
                position = User.Position.SECRETARY
            elif cell.pk not in leaders:
                leaders[cell.pk] = n
                position = User.Position.DEPUTY_SECRETARY
            name, _man = content.full_name(rng)
            user = User(
                username=f"dv{n:05d}",
                email=f"dv{n:05d}@{EMAIL_DOMAIN}",
                full_name=name,
                password=password,
                party_cell=cell,
                position=position,
                party_status=User.Status.PROBATIONARY if rng.random() < 0.08 else User.Status.FULL,
                is_active=n <= cell_count or rng.random() > 0.01,
                date_joined=self.past(self.now - datetime.timedelta(days=365 * 3)),
                phone=f"09{rng.randrange(10**8):08d}",
            )
            user.update_computed_fields()
            users.append(user)
        User.objects.bulk_create(users, batch_size=2000)
        rows = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").values_list(
            "pk", "username", "party_cell_id", "is_active"
        )
        by_username = {}
        self.members_by_cell = {cell.pk: [] for cell in cells}
        for pk, username, cell_id, active in rows:
            by_username[username] = pk
            if active:
                self.members_by_cell[cell_id].append(pk)
        self.active = [pk for ids in self.members_by_cell.values() for pk in ids]
        groups = {cell.pk: cell.group_id for cell in cells}
        through = User.groups.through
        memberships = [through(user_id=pk, group_id=groups[cell_id]) for pk, _, cell_id, _ in rows]
        committee = Committee.objects.get(kind=Committee.Kind.EXECUTIVE).group
        secretaries = [by_username[f"dv{n:05d}"] for n in range(1, min(cell_count, 35) + 1)]
        memberships += [through(user_id=pk, group_id=committee.pk) for pk in secretaries]
        through.objects.bulk_create(memberships, batch_size=5000)
        self.committee_members = secretaries
        for n, cell in enumerate(cells, start=1):
            cell.secretary_id = by_username[f"dv{n:05d}"]
        PartyCell.objects.bulk_update(cells, ["secretary"])
        self.cells = cells
        editor = User.objects.create(
            username=EDITOR_USERNAME,
            email=f"{EDITOR_USERNAME}@{EMAIL_DOMAIN}",
            full_name="Văn phòng Đảng ủy Khối",
            password=password,
            is_staff=True,
        )
        editor.groups.add(Group.objects.get(name=EDITORS))
        self.editor_id = editor.pk
        return f"{len(cells)} chi bộ, {len(users)} members ({len(self.active)} active)"

    # -- pages -------------------------------------------------------------------------------

    def build_pages(self, parent, items, children=None):
        """Page rows under `parent` from (instance, first published) pairs: tree position, URL,
        locale and a published revision each, whose content includes `children` (a list of
        {relation: value} per page). Returns the revisions."""
        last = parent.get_last_child()
        step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
        content_type = ContentType.objects.get_for_model(type(items[0][0]))
        page_type = ContentType.objects.get_for_model(Page)
        page_id, revision_id = next_id(Page), next_id(Revision)
        revisions = []
        for offset, (page, published) in enumerate(items):
            page.id = page.page_ptr_id = page_id + offset
            page.slug = f"{vietnamese_slug(page.title)[:80].strip('-')}-{page.id}"
            page.path = Page._get_path(parent.path, parent.depth + 1, step + offset)
            page.depth = parent.depth + 1
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.content_type_id = content_type.pk
            page.locale_id = self.locale.pk
            page.translation_key = self.uid()
            page.draft_title = page.title
            page.live, page.has_unpublished_changes = True, False
            page.first_published_at = page.last_published_at = published
            page.latest_revision_created_at = published
            page.latest_revision_id = page.live_revision_id = revision_id + offset
            revisions.append(
                Revision(
                    id=revision_id + offset,
                    content_type_id=content_type.pk,
                    base_content_type_id=page_type.pk,
                    object_id=str(page.id),
                    created_at=published,
                    object_str=page.title,
                    content=revision_content(page, children[offset] if children else None),
                )
            )
        pages = [page for page, _ in items]
        insert_objects(Page, pages)
        insert_objects(type(pages[0]), pages)
        insert_objects(Revision, revisions)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        return revisions

    def restrict(self, audiences):
        """View restrictions for [(page id, "members" | [group ids])]."""
        restrictions = PageViewRestriction.objects.bulk_create(
            PageViewRestriction(
                page_id=page_id,
                restriction_type=PageViewRestriction.LOGIN
                if audience == "members"
                else PageViewRestriction.GROUPS,
            )
            for page_id, audience in audiences
        )
        through = PageViewRestriction.groups.through
        through.objects.bulk_create(
            through(pageviewrestriction_id=restriction.pk, group_id=group_id)
            for restriction, (_, audience) in zip(restrictions, audiences, strict=True)
            if audience != "members"
            for group_id in audience
        )

    def dates(self, count, hour=8):
        """`count` publication moments over the last years, oldest first."""
        start = self.now - datetime.timedelta(days=365 * YEARS_OF_HISTORY)
        span = (self.now - start).total_seconds()
        moments = sorted(
            start + datetime.timedelta(seconds=span * self.rng.random()) for _ in range(count)
        )
        return [
            timezone.localtime(m).replace(
                hour=hour + self.rng.randrange(9), minute=self.rng.randrange(60)
            )
            for m in moments
        ]

    def block(self, kind, value):
        return {"type": kind, "value": value, "id": str(self.uid())}

    def document_body(self):
        rng, blocks = self.rng, []
        headings = sorted(rng.sample(content.SECTION_HEADINGS, rng.randint(3, 5)))
        for number, heading in headings:
            blocks.append(self.block("heading", {"number": number, "text": heading, "level": "2"}))
            blocks.append(self.block("paragraph", f"<p>{content.paragraph(rng)}</p>"))
            for sub in range(1, rng.randint(1, 3) + 1):
                title = rng.choice(content.SUBSECTION_HEADINGS)
                blocks.append(
                    self.block("heading", {"number": f"{sub}.", "text": title, "level": "3"})
                )
                blocks.append(self.block("paragraph", f"<p>{content.paragraph(rng)}</p>"))
                if rng.random() < 0.6:
                    items = rng.sample(content.LIST_ITEMS, rng.randint(2, 4))
                    blocks.append(self.block("list", {"style": "dash", "items": items}))
        return blocks

    def documents(self, count, options):
        rng = self.rng
        library = DocumentIndexPage.objects.live().first()
        types = [(row, row[1]) for row in content.DOCUMENT_TYPES]
        issuers = [(content.BLOC, "ĐUK", f"Tỉnh ủy {content.PROVINCE}")] + [
            (f"Đảng bộ {agency}", "ĐU", f"{content.BLOC} {content.PROVINCE}")
            for agency in content.AGENCIES
        ]
        serials, items, audiences = {}, [], []
        for published in self.dates(count):
            doc_type, _weight, openings = content.weighted(rng, types)
            issuer, symbol, superior = issuers[0] if rng.random() < 0.4 else rng.choice(issuers)
            year = published.year
            serial = serials[issuer, year] = serials.get((issuer, year), 0) + 1
            title = f"{rng.choice(openings)} {rng.choice(content.TOPICS)}"
            if doc_type in ("bao-cao", "ke-hoach", "chuong-trinh") and rng.random() < 0.5:
                title += f" năm {year}"
            capacity, signer_title = rng.choice(content.SIGNERS)
            roll = rng.random()
            if roll < 0.25:
                audience = "public"
            elif roll < 0.85:
                audience = "members"
            elif roll < 0.97:
                audience = [rng.choice(self.cells).group_id]
            else:
                audience = [Committee.objects.get(kind=Committee.Kind.EXECUTIVE).group_id]
            page = PartyDocumentPage(
                title=title,
                doc_type=doc_type,
                number=f"{serial:02d}-{TYPE_SYMBOLS[doc_type]}/{symbol}",
                superior_body=superior,
                issuing_body=issuer,
                place=content.PROVINCE,
                issued_on=published.date(),
                signing_capacity=capacity,
                signer_title=signer_title,
                signer_name=content.full_name(rng)[0],
                recipients="\n".join(content.RECIPIENTS),
                term="2020-2025" if year < 2025 else "2025-2030",
                status="du-thao" if rng.random() < 0.04 else "hieu-luc",
                summary=content.sentence(rng),
                body=self.document_body(),
            )
            items.append((page, published))
            audiences.append(audience)
        self.plan_acknowledgements(items, audiences, options["acknowledgements"])
        revisions = self.build_pages(library, items)
        insert_objects(
            RevisionFingerprint,
            [
                RevisionFingerprint(
                    revision=revision, fingerprint=text_fingerprint(page.plain_text())
                )
                for (page, _), revision in zip(items, revisions, strict=True)
            ],
        )
        self.restrict(
            [
                (page.pk, audience)
                for (page, _), audience in zip(items, audiences, strict=True)
                if audience != "public"
            ]
        )
        self.documents_list = [
            (page, revision, audience)
            for (page, _), revision, audience in zip(items, revisions, audiences, strict=True)
        ]
        public = sum(audience == "public" for audience in audiences)
        return (
            f"{count} documents ({public} public), {len(self.required)} requiring acknowledgement"
        )

    def plan_acknowledgements(self, items, audiences, total):
        """Mark the newest all-members documents as requiring acknowledgement, enough of them
        for `total` acknowledgements at realistic completion rates."""
        audience_size = max(len(self.active), 1)
        wanted = math.ceil(total / (0.75 * audience_size)) + 1 if total else 0
        candidates = [
            page
            for (page, _), audience in zip(items, audiences, strict=True)
            if audience == "members"
        ]
        self.required = candidates[::-1][:wanted]
        today = timezone.localdate(self.now)
        for position, page in enumerate(self.required):
            page.requires_acknowledgement = True
            page.acknowledgement_deadline = (
                today + datetime.timedelta(days=14)
                if position == 0
                else page.issued_on + datetime.timedelta(days=30)
            )
        self.featured = self.required[0] if self.required else None

    def news(self, count):
        rng = self.rng
        index = NewsIndexPage.objects.live().first()
        categories = [
            NewsCategory.objects.get_or_create(slug=slug, defaults={"name": name, "order": n})[0]
            for n, (name, slug) in enumerate(content.NEWS_CATEGORIES)
        ]
        items, members_only, chosen = [], [], []
        for published in self.dates(count, hour=7):
            opening = rng.choice(content.NEWS_OPENINGS).format(
                agency=rng.choice(content.AGENCIES),
                unit=rng.choice(content.UNITS),
                topic=rng.choice(content.TOPICS),
            )
            body = []
            for _ in range(rng.randint(3, 6)):
                if rng.random() < 0.3:
                    body.append(self.block("heading", rng.choice(content.SUBSECTION_HEADINGS)))
                text = content.news_text(rng, rng.randint(3, 6))
                body.append(self.block("paragraph", f"<p>{text}</p>"))
            page = NewsPage(
                title=opening[0].upper() + opening[1:],
                published_on=published,
                author=content.full_name(rng)[0],
                source=rng.choice(["", f"Ban Tuyên giáo {content.BLOC}"]),
                summary=content.news_text(rng, 2),
                body=body,
            )
            items.append((page, published))
            members_only.append(rng.random() < 0.1)
            chosen.append(rng.sample(categories, rng.randint(1, 2)))
        self.build_pages(index, items, [{"categories": [c.pk for c in these]} for these in chosen])
        self.news_list = [page for page, _ in items]
        through = NewsPage.categories.through
        through.objects.bulk_create(
            [
                through(newspage_id=page.pk, newscategory_id=category.pk)
                for page, these in zip(self.news_list, chosen, strict=True)
                for category in these
            ],
            batch_size=5000,
        )
        self.restrict(
            [
                (page.pk, "members")
                for page, hidden in zip(self.news_list, members_only, strict=True)
                if hidden
            ]
        )
        return f"{count} news items ({sum(members_only)} for members only)"

    # -- acknowledgements and read receipts -------------------------------------------------------

    def acknowledgements(self, total):
        rng = self.rng
        if not self.required or not total:
            return "none"
        audience = self.active
        shares = [0.4] + [rng.uniform(0.55, 0.98) for _ in self.required[1:]]
        scale = total / (sum(shares) * len(audience))
        counts = [min(len(audience), round(share * scale * len(audience))) for share in shares]
        counts[-1] = max(0, min(len(audience), counts[-1] + total - sum(counts)))
        revisions = {page.pk: revision for page, revision, _ in self.documents_list}
        round_id = next_id(AcknowledgementRound)
        rounds = [
            AcknowledgementRound(
                id=round_id + offset,
                page_id=page.pk,
                revision_id=revisions[page.pk].pk,
                opened_at=page.first_published_at,
                is_current=True,
            )
            for offset, page in enumerate(self.required)
        ]
        insert_objects(AcknowledgementRound, rounds)
        plan = []
        for round_, page, count in zip(rounds, self.required, counts, strict=True):
            closes = datetime.datetime.combine(
                page.acknowledgement_deadline, datetime.time(17), round_.opened_at.tzinfo
            ) + datetime.timedelta(days=7)
            readers = min(len(audience), round(count * 1.1))
            plan.append((round_, page, count, readers, min(closes, self.now)))
        if connection.vendor == "postgresql":
            with without_indexes(Acknowledgement, ReadReceipt):
                written, read = self.acknowledgements_in_database(plan)
        else:
            written, read = self.acknowledgements_here(plan)
        return f"{written} acknowledgements in {len(rounds)} rounds, {read} read receipts"

    def acknowledgements_here(self, plan):
        """Rows drawn in Python and written in bulk: SQLite's path."""
        rng, written, read = self.rng, 0, 0
        acknowledgements, receipts = [], []
        for round_, page, count, readers, closes in plan:
            opened = round_.opened_at
            fingerprint = text_fingerprint(page.plain_text())
            for position, member in enumerate(rng.sample(self.active, readers)):
                moment = self.past(opened, closes)
                first_opened = max(opened, moment - datetime.timedelta(minutes=rng.randint(1, 600)))
                receipts.append((page.pk, member, first_opened, moment))
                if position < count:
                    ip = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
                    agent = rng.choice(content.USER_AGENTS)
                    acknowledgements.append(
                        (round_.pk, page.pk, member, round_.revision_id, moment, ip, agent)
                        + (fingerprint, "")
                    )
            if len(receipts) >= CHUNK * 5 or page is plan[-1][1]:
                written += insert_rows(Acknowledgement, ACKNOWLEDGEMENT_FIELDS, acknowledgements)
                read += insert_rows(ReadReceipt, RECEIPT_FIELDS, receipts)
                acknowledgements, receipts = [], []
        return written, read

    def acknowledgements_in_database(self, plan):
        """The same rows drawn by PostgreSQL itself, one statement a round: ten million rows
        built in Python and copied take most of an hour on a small machine."""
        written = read = 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(%s)", [self.rng.uniform(-1, 1)])
            cursor.execute(
                "CREATE TEMPORARY TABLE scale_audience (member_id integer) ON COMMIT DROP"
            )
            cursor.execute("INSERT INTO scale_audience SELECT unnest(%s::integer[])", [self.active])
            for round_, page, count, readers, closes in plan:
                cursor.execute(
                    ACKNOWLEDGEMENTS_SQL,
                    {
                        "round": round_.pk,
                        "page": page.pk,
                        "revision": round_.revision_id,
                        "opened": round_.opened_at,
                        "closes": max(closes, round_.opened_at),
                        "readers": readers,
                        "count": count,
                        "agents": content.USER_AGENTS,
                        "fingerprint": text_fingerprint(page.plain_text()),
                    },
                )
                written += cursor.rowcount
                read += readers
        return written, read

    # -- comments ------------------------------------------------------------------------------

    def comments(self, total, busy=0):
        rng = self.rng
        if not total:
            return "none"
        readable = [
            page
            for page, _revision, audience in self.documents_list
            if audience in ("public", "members") and page is not self.featured
        ]
        rest = max(0, total - (FEATURED_COMMENTS if self.featured else 0))
        busy = rng.sample(readable, min(busy, len(readable), rest // FEATURED_COMMENTS))
        chosen = {page.pk for page in busy}
        readable = [page for page in readable if page.pk not in chosen]
        rest -= FEATURED_COMMENTS * len(busy)
        weights = [rng.paretovariate(1.2) for _ in readable]
        counts = [min(MAX_COMMENTS, int(rest * w / sum(weights))) for w in weights]
        position = 0
        while sum(counts) < rest and position < 10 * len(counts) + rest:
            index = position % len(counts)
            if counts[index] < MAX_COMMENTS:
                counts[index] += 1
            position += 1
        plan = list(zip(readable, counts, strict=True))
        plan += [(page, FEATURED_COMMENTS) for page in busy]
        if self.featured:
            plan.append((self.featured, FEATURED_COMMENTS))
        rows, next_pk = [], next_id(Comment)
        for page, count in plan:
            if not count:
                continue
            sections = [
                (anchor, f"{number} {text}".strip()) for anchor, number, text, _ in page.sections
            ]
            top_count = math.ceil(count * 0.8)
            moment = page.first_published_at
            top_level = []  # (pk, section, label) of visible top-level comments
            featured = page is self.featured
            for n in range(count):
                moment = self.past(moment, moment + datetime.timedelta(hours=12))
                roll = 1.0 if featured else rng.random()
                state = Comment.State.VISIBLE
                if roll < 0.03:
                    state = Comment.State.HIDDEN
                elif roll < 0.06:
                    state = Comment.State.REMOVED
                parent = rng.choice(top_level) if n >= top_count and top_level else None
                if parent:
                    section, label = parent[1], parent[2]
                elif sections and rng.random() < 0.3:
                    section, label = rng.choice(sections)
                else:
                    section, label = "", ""
                hidden, removed = state == Comment.State.HIDDEN, state == Comment.State.REMOVED
                rows.append(
                    (
                        next_pk,
                        page.pk,
                        parent[0] if parent else None,
                        rng.choice(self.active),
                        state,
                        section,
                        label,
                        "" if removed else content.comment_text(rng),
                        moment,
                        moment + datetime.timedelta(hours=2) if removed else None,
                        self.editor_id if hidden else None,
                        moment + datetime.timedelta(hours=3) if hidden else None,
                        "Nội dung không liên quan đến văn bản." if hidden else "",
                        None if featured else moment + datetime.timedelta(days=1),
                    )
                )
                if parent is None and state == Comment.State.VISIBLE:
                    top_level.append((next_pk, section, label))
                next_pk += 1
        bulk = (
            without_indexes(Comment)
            if connection.vendor == "postgresql"
            else contextlib.nullcontext()
        )
        with bulk:
            written = insert_rows(
                Comment,
                [
                    "id",
                    "page",
                    "parent",
                    "author",
                    "state",
                    "section",
                    "section_label",
                    "text",
                    "created_at",
                    "removed_at",
                    "moderated_by",
                    "moderated_at",
                    "moderation_reason",
                    "digested_at",
                ],
                rows,
            )
        return f"{written} comments on {sum(1 for _, c in plan if c)} documents"

    # -- search ----------------------------------------------------------------------------

    def search_index(self):
        backend = get_search_backend()
        documents = [page for page, _revision, _audience in self.documents_list]
        for model, pages in ((PartyDocumentPage, documents), (NewsPage, self.news_list)):
            for chunk in chunks(pages, 500):
                for page in chunk:
                    # The backend reads each field once for the title, the autocompletion and
                    # the body: fold the text once.
                    page.search_text = functools.partial(str, page.search_text())
                backend.add_bulk(model, chunk)
        return f"{len(documents) + len(self.news_list)} pages indexed"
