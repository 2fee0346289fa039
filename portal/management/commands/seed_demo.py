"""Demo content for a newcomer: the organisation, accounts, documents and news.

Idempotent: what already exists is left as it is, so running it twice changes nothing.
"""

import io
import math
import os
from datetime import date, datetime, timedelta

from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.models import Collection, PageViewRestriction

from news.models import NewsCategory, NewsDocumentLink, NewsIndexPage, NewsPage
from portal.models import Committee, PartyCell, PortalImage, User
from portal.workload import demo
from resolutions.acknowledgements.services import (
    acknowledge,
    record_reached_end,
    record_read,
    revision_fingerprint,
)
from resolutions.comments.services import moderate, section_label
from resolutions.document_audience import GROUPS, Audience
from resolutions.models import (
    Channel,
    Comment,
    DocumentIndexPage,
    PartyDocumentPage,
    ReadReceipt,
)

EDITORS = "Biên tập viên"
MODERATORS = "Kiểm duyệt (Bí thư)"


class Command(BaseCommand):
    help = "Load the demo organisation, accounts, documents and news (idempotent)."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", "demo-portal-2026")
        with transaction.atomic():
            cells = self.seed_party_cells()
            created_users = self.seed_accounts(cells, password)
            documents = self.seed_documents(cells)
            self.seed_comments()
            self.seed_waiting_document(cells)
            imported = self.seed_imports()
            news = self.seed_news()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {len(cells)} chi bộ, {created_users} new accounts, "
                f"{documents} new documents, {news} new news items, "
                f"{imported} documents imported from files."
            )
        )

    def seed_party_cells(self):
        cells = []
        for name, short_name, order in demo.PARTY_CELLS:
            cell = PartyCell.objects.filter(name=name).first()
            if cell is None:
                cell = PartyCell.objects.create(name=name, short_name=short_name, order=order)
            cells.append(cell)
        return cells

    def seed_accounts(self, cells, password):
        created = 0
        role_groups = {
            "editor": Group.objects.get(name=EDITORS),
            "moderator": Group.objects.get(name=MODERATORS),
        }
        for username, full_name, cell_index, position, status, role in demo.ACCOUNTS:
            if User.objects.filter(username=username).exists():
                continue
            user = User(
                username=username,
                full_name=full_name,
                email=f"{username}@dangbo.example.vn",
                party_cell=cells[cell_index] if cell_index is not None else None,
                position=position,
                party_status=status,
                phone="0291 3 82" + f"{len(full_name):04d}",
                is_superuser=role == "superuser",
                is_staff=role == "superuser",
            )
            user.set_password(password)
            user.save()
            if role in role_groups:
                user.groups.add(role_groups[role])
            created += 1
        for kind, usernames in demo.COMMITTEE_MEMBERS.items():
            group = Committee.objects.get(kind=kind).group
            group.user_set.add(*User.objects.filter(username__in=usernames))
        for cell in cells:
            if cell.secretary_id is None:
                cell.secretary = cell.members.filter(position="bi-thu").first()
                cell.save(update_fields=["secretary"])
        return created

    def restrict(self, page, audience, cells):
        if audience == "public" or page.get_view_restrictions().exists():
            return
        if audience == "members":
            PageViewRestriction.objects.create(page=page, restriction_type="login")
            return
        kind, _sep, key = audience.partition(":")
        group = cells[int(key)].group if kind == "cell" else Committee.objects.get(kind=key).group
        restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
        restriction.groups.add(group)

    def seed_documents(self, cells):
        library = DocumentIndexPage.objects.get(slug="van-ban")
        bithu = User.objects.get(username="bithu")
        created = 0
        for slug, audience, fields, body in demo.DOCUMENTS:
            if PartyDocumentPage.objects.filter(slug=slug).exists():
                continue
            values = {
                "issuing_body": demo.ISSUING_BODY,
                "superior_body": demo.SUPERIOR_BODY,
                **fields,
                "issued_on": date.fromisoformat(fields["issued_on"]),
            }
            if "acknowledgement_deadline" in fields:  # days from today: some are overdue
                offset = timedelta(days=fields["acknowledgement_deadline"])
                values["acknowledgement_deadline"] = timezone.localdate() + offset
            page = PartyDocumentPage(slug=slug, owner=bithu, body=body, **values)
            library.add_child(instance=page)
            self.restrict(page, audience, cells)
            page.save_revision(user=bithu).publish(user=bithu)
            created += 1
        self.seed_acknowledgements()
        return created

    def seed_acknowledgements(self):
        """Some members have read to the end and acknowledged the demo documents (the first of
        each from the link of an e-mail); others only opened them."""
        for slug, records in demo.ACKNOWLEDGEMENTS.items():
            page = PartyDocumentPage.objects.get(slug=slug)
            for index, (username, takeaway) in enumerate(records):
                member = User.objects.get(username=username)
                acknowledge(
                    page,
                    member,
                    revision_id=page.live_revision_id,
                    fingerprint=revision_fingerprint(page.live_revision),
                    takeaway=takeaway or "Đã đọc và nắm nội dung.",
                    ip="127.0.0.1",
                    user_agent="seed_demo",
                    channel=Channel.EMAIL if index == 0 else Channel.SITE,
                )
                self.mark_read(page, member)
                record_reached_end(page, member)
        for slug, usernames in demo.READ_ONLY.items():
            page = PartyDocumentPage.objects.get(slug=slug)
            for member in User.objects.filter(username__in=usernames):
                self.mark_read(page, member)

    def mark_read(self, page, member):
        if not ReadReceipt.objects.filter(page=page, member=member).exists():
            record_read(page, member)

    def seed_comments(self):
        """The draft is open for comments during its consultation period; members have
        commented on it and on a resolution (left alone once there are comments)."""
        bithu = User.objects.get(username="bithu")
        now = timezone.now()
        morning = timezone.localtime(now).replace(hour=7, minute=30, second=0, microsecond=0)
        for slug, (opens, closes) in demo.CONSULTATION.items():
            page = PartyDocumentPage.objects.get(slug=slug)
            if page.comments_mode == PartyDocumentPage.CommentsMode.PERIOD:
                continue
            page.comments_mode = PartyDocumentPage.CommentsMode.PERIOD
            page.consultation_opens_at = morning + timedelta(days=opens)
            page.consultation_closes_at = morning + timedelta(days=closes, hours=9, minutes=30)
            page.save_revision(user=bithu).publish(user=bithu)
        for slug, rows in demo.COMMENTS.items():
            page = PartyDocumentPage.objects.get(slug=slug)
            if page.comments.exists():
                continue
            written = {}
            hidden_reason = dict([demo.HIDDEN_COMMENT]).get(slug)
            for index, (key, username, section, text, reply_to, days_ago) in enumerate(rows):
                posted = now - timedelta(days=days_ago, hours=8) + timedelta(minutes=25 * index)
                written[key] = Comment.objects.create(
                    page=page,
                    parent=written.get(reply_to),
                    author=User.objects.get(username=username),
                    section=section,
                    section_label=(section_label(page, section) or "") if section else "",
                    text=text,
                    created_at=posted,
                )
            if hidden_reason:
                moderate(written[rows[-1][0]], bithu, "hide", hidden_reason)

    def seed_waiting_document(self, cells):
        """A document for one chi bộ that the editor sent for approval: the secretary's
        dashboard shows it with its audience."""
        slug, cell_index, fields, body = (*demo.WAITING_DOCUMENT, demo.DOCUMENTS[0][3])
        if PartyDocumentPage.objects.filter(slug=slug).exists():
            return
        editor = User.objects.get(username="bientap")
        values = {"issuing_body": demo.ISSUING_BODY, "superior_body": demo.SUPERIOR_BODY}
        values.update(fields, issued_on=date.fromisoformat(fields["issued_on"]))
        page = PartyDocumentPage(slug=slug, owner=editor, body=body, live=False, **values)
        DocumentIndexPage.objects.get(slug="van-ban").add_child(instance=page)
        Audience(GROUPS, (cells[cell_index].group,)).apply(page, user=editor)
        page.save_revision(user=editor)
        page.get_workflow().start(page, editor)

    def seed_imports(self):
        """Two documents as the importer makes them from an office's files, each with its
        original attached: a Word file, published, and a scan read by OCR, kept as a draft
        marked for the editor to check against the original (without Tesseract, `make ocr`,
        the scan is left out and the command says so)."""
        from resolutions.importer import ImportRefused
        from resolutions.importer.originals import original_of
        from resolutions.importer.parser import parse
        from resolutions.importer.readers import read_path
        from resolutions.importer.service import default_library, import_parsed

        secretary = User.objects.get(username="bithu")  # editors may not publish
        imported = 0
        for path, publish in demo.IMPORTED_FILES:
            if PartyDocumentPage.objects.filter(attachments__title=path.name).exists():
                continue
            try:
                parsed = parse(read_path(path))
            except ImportRefused as error:
                self.stderr.write(f"{path.name}: {error} (not imported)")
                continue
            original = original_of(path)
            import_parsed(
                parsed, default_library(), publish=publish, user=secretary, original=original
            )
            imported += 1
        return imported

    def seed_news(self):
        index = NewsIndexPage.objects.get(slug="tin-tuc")
        editor = User.objects.get(username="bientap")
        publisher = User.objects.get(username="bithu")
        categories = {}
        for order, (name, slug) in enumerate(demo.NEWS_CATEGORIES):
            categories[slug], _created = NewsCategory.objects.get_or_create(
                slug=slug, defaults={"name": name, "order": order}
            )
        collection = Collection.get_first_root_node()
        created = 0
        for article in demo.NEWS:
            if NewsPage.objects.filter(slug=article["slug"]).exists():
                continue
            published_on = timezone.make_aware(
                datetime.strptime(article["published"], "%Y-%m-%d %H:%M")
            )
            page = NewsPage(
                slug=article["slug"],
                title=article["title"],
                summary=article["summary"],
                published_on=published_on,
                author="Lâm Thị Thu Hà",
                source=article["source"],
                lead_image=self.illustration(article["title"], article["colours"], collection),
                owner=editor,
                body=[self.news_block(block, collection) for block in article["body"]],
            )
            index.add_child(instance=page)
            self.restrict(page, article.get("audience", "public"), cells=[])
            page.categories.set([categories[article["category"]]])
            page.tags.add(*article["tags"])
            for slug in article.get("documents", []):
                document = PartyDocumentPage.objects.get(slug=slug)
                page.related_documents.add(NewsDocumentLink(document=document))
            page.save_revision(user=editor).publish(user=publisher)
            NewsPage.objects.filter(pk=page.pk).update(
                first_published_at=published_on, last_published_at=published_on
            )
            created += 1
        return created

    def illustration(self, title, colours, collection):
        return PortalImage.objects.filter(title=title).first() or self.make_image(
            title, colours, collection
        )

    def news_block(self, block, collection):
        """Body blocks as StreamField data; figures get their illustration drawn."""
        if block["type"] != "image":
            return block
        figure = block["value"]
        image = self.illustration(figure["title"], figure["colours"], collection)
        value = {"image": image.pk, "alt_text": image.alt_text, "decorative": False}
        return {"type": "image", "value": {"image": value, "caption": figure["caption"]}}

    def make_image(self, title, colours, collection):
        """A simple illustration (coloured bands and a star), drawn here rather than shipped."""
        width, height = 1200, 750
        background, accent = colours
        picture = PILImage.new("RGB", (width, height), background)
        draw = ImageDraw.Draw(picture)
        for band in range(6):
            draw.rectangle(
                [0, height - 90 - band * 40, width, height - 70 - band * 40], fill=accent
            )
        cx, cy, r = width // 2, height // 2 - 60, 170
        points = []
        for i in range(10):
            angle = math.pi / 2 + i * math.pi / 5
            radius = r if i % 2 == 0 else r * 0.4
            points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
        draw.polygon(points, fill=accent)
        buffer = io.BytesIO()
        picture.save(buffer, format="JPEG", quality=85)
        image = PortalImage(title=title, alt_text=f"Hình minh họa: {title}", collection=collection)
        image.file = ImageFile(buffer, name="minh-hoa.jpg")
        image.save()
        return image
