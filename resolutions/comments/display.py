"""What the document page shows of its comments, built once per request and page.

The headings (their comment counts) and the comment list at the end of the page share one
Thread, so a page costs the same few queries whatever the number of comments.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode

from portal.caching import versions
from resolutions.comments import services
from resolutions.comments.forms import CommentForm, EditCommentForm
from resolutions.models import Comment

PAGE_PARAM = "binh-luan-trang"
SECTION_PARAM = "binh-luan-muc"
REPLY_PARAM = "tra-loi"
EDIT_PARAM = "sua-binh-luan"


@dataclass
class Failure:
    """A refused post, shown again with what the member typed: target is "new", or
    ("reply", parent id), or ("edit", comment id)."""

    form: object
    message: str
    target: object = "new"
    placed: bool = False  # shown under its comment; else at the top of the comments


@dataclass
class Thread:
    page: object
    readable: bool
    window: services.Window | None = None
    counts: dict = field(default_factory=dict)
    section: str | None = None
    section_label: str = ""
    page_obj: object = None
    form: object = None
    failure: Failure | None = None
    reply_to: int | None = None
    edit_form: object = None
    edit_id: int | None = None
    pre_moderated: bool = False

    @property
    def total(self):
        return sum(self.counts.values()) if self.counts else 0

    @property
    def shown(self):
        """Whether the comments section appears at all: not when comments are off and none
        were written before."""
        if self.page.comments_mode != self.page.CommentsMode.OFF:
            return True
        return self.readable and bool(self.page_obj.paginator.count)

    def url(self, **params):
        """The document page with these comment parameters (None drops one)."""
        query = {SECTION_PARAM: self.section or None, **params}
        query = {key: value for key, value in query.items() if value}
        return self.page_url + (f"?{urlencode(query)}" if query else "")

    @cached_property
    def page_url(self):
        return self.page.url

    @property
    def next_url(self):
        return self.url(**{PAGE_PARAM: self.page_obj.next_page_number()}) + "#binh-luan"

    @property
    def previous_url(self):
        number = self.page_obj.previous_page_number()
        return self.url(**{PAGE_PARAM: number if number > 1 else None}) + "#binh-luan"

    @property
    def more_url(self):
        """The next page as a fragment, for "Xem thêm" without leaving the page."""
        query = {"trang": self.page_obj.next_page_number(), "muc": self.section or ""}
        return reverse("comment_more", args=[self.page.pk]) + "?" + urlencode(query)


def thread_for(request, page):
    memo = request.__dict__.setdefault("_comment_threads", {})
    if page.pk not in memo:
        memo[page.pk] = build_thread(
            request,
            page,
            page_number=request.GET.get(PAGE_PARAM),
            section=request.GET.get(SECTION_PARAM),
        )
    return memo[page.pk]


def build_thread(request, page, page_number=None, section=None):
    user = request.user
    if not services.can_read(page, user):
        return Thread(page=page, readable=False)
    thread = Thread(
        page=page,
        readable=True,
        window=services.comment_window(page),
        counts=services.section_counts(page),
        pre_moderated=page.comment_moderation == page.CommentModeration.PRE,
    )
    label = services.section_label(page, section) if section else None
    if label is not None:
        thread.section, thread.section_label = section, label
    comments = services.top_level(page, user, thread.section)
    thread.page_obj = Paginator(comments, services.PER_PAGE).get_page(page_number)
    thread.failure = getattr(request, "comment_failure", None)
    thread.reply_to = int_param(request.GET.get(REPLY_PARAM))
    thread.edit_id = int_param(request.GET.get(EDIT_PARAM))
    if thread.failure and thread.failure.target == "new":
        thread.form = thread.failure.form
        thread.failure.placed = True
    else:
        thread.form = CommentForm(page=page, initial={"section": thread.section or ""})
    _decorate(thread, user)
    return thread


def _decorate(thread, user):
    """Per comment: what this reader may do with it, and the forms open under it."""
    now = timezone.now()
    failure = thread.failure
    # thread.url(**{param: pk}) for each comment, the query string encoded once.
    base = thread.url()
    base += "&" if "?" in base else "?"
    for comment in thread.page_obj:
        for item in [comment, *comment.shown_replies]:
            item.is_mine = item.author_id == user.pk
            item.editable = services.can_edit(item, user, now) and thread.window.is_open
            item.edit_url = f"{base}{EDIT_PARAM}={item.pk}#binh-luan-{item.pk}"
            item.edit_form = None
            if failure and failure.target == ("edit", item.pk):
                item.edit_form, item.edit_error = failure.form, failure.message
                failure.placed = True
            elif item.editable and thread.edit_id == item.pk:
                item.edit_form = EditCommentForm(initial={"text": item.text})
        comment.can_reply = thread.window.is_open and comment.state == comment.State.VISIBLE
        comment.reply_url = f"{base}{REPLY_PARAM}={comment.pk}#binh-luan-{comment.pk}"
        comment.reply_form = None
        if failure and failure.target == ("reply", comment.pk):
            comment.reply_form, comment.reply_error = failure.form, failure.message
            failure.placed = True
        elif comment.can_reply and thread.reply_to == comment.pk:
            comment.reply_form = CommentForm(initial={"parent": comment.pk})


def fragment_keys(request, page):
    """Keys of the shared fragments of a document page (portal.caching.fragments): its text with the
    comment buttons of each section, and its comment thread.

    Both change with the published revision, the page's comments and whether comments are open
    now. The thread is shared by readers who see nothing personal in it; an author of comments
    on the page sees theirs (which they may edit for a while, or see while pending or hidden), so
    their thread is kept for them alone, named by which of their comments they may still edit.
    None when the thread holds a form of the reader's (a reply, an edit, a refused post).
    """
    user = request.user
    readable = services.can_read(page, user)
    window = services.comment_window(page)
    content, thread = versions.get(versions.CONTENT, versions.comments(page.pk))
    state = (page.pk, page.live_revision_id, content, thread, readable, window.is_open)
    personal = (
        not readable
        or getattr(request, "comment_failure", None) is not None
        or request.GET.get(REPLY_PARAM)
        or request.GET.get(EDIT_PARAM)
    )
    thread_key = None
    if not personal:
        params = (request.GET.get(PAGE_PARAM), request.GET.get(SECTION_PARAM))
        thread_key = ("document-comments", *state, window.message, params)
        own = _authors(page.pk, thread).get(user.pk)
        if own is not None:
            now = timezone.now()
            editable = tuple(pk for pk, *written in own if services.still_editable(*written, now))
            thread_key += ("author", user.pk, editable)
    return ("document-text", *state), thread_key


def _authors(page_id, thread_version):
    """{author id: ((comment id, state, created at), ...)} of everyone who wrote a comment on
    the page, kept per version of its comments, with only the comments still editable when
    read: one no longer editable never becomes so again without a new version."""

    def read():
        now = timezone.now()
        authors = {}
        rows = Comment.objects.filter(page_id=page_id).values_list(
            "author_id", "pk", "state", "created_at"
        )
        for author, *comment in rows:
            own = authors.setdefault(author, [])
            if services.still_editable(*comment[1:], now):
                own.append(tuple(comment))
        return {author: tuple(own) for author, own in authors.items()}

    key = f"comment-writings:{page_id}:{thread_version}"  # (was the set of authors alone)
    return versions.shared(_authors_kept, key, read, 3600, 256)


_authors_kept = versions.store()


def int_param(value):
    return int(value) if value and value.isdigit() else None
