"""Members' side: acknowledge a document, the list of what waits for them, their history."""

import ipaddress

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.audience import can_view, visibility_q
from portal.caching import versions
from portal.caching.routing import live_page
from portal.caching.shared_pages import personal_part
from resolutions.acknowledgements.diff import section_changes
from resolutions.acknowledgements.emails import deadline_words
from resolutions.acknowledgements.links import came_by_email
from resolutions.acknowledgements.services import (
    AcknowledgementRefused,
    acknowledge,
    in_audience,
    is_late,
    member_state,
    pending_documents,
    record_reached_end,
)
from resolutions.models import Acknowledgement, Channel, PartyDocumentPage


def _reader_state(request, page):
    """The reader's acknowledgement state, worked out once for the parts of one request."""
    memo = versions.request_memo()
    key = ("member-state", page.pk, request.user.pk)
    if key not in memo:
        memo[key] = member_state(page, request.user)
    return memo[key]


def _state_key(request, page, values):
    """What the acknowledgement parts show besides the member: the published page (its deadline,
    its takeaway prompt) and the member's state, whose acknowledgements never change once
    recorded. Nothing is kept of a box showing what the member typed before a refusal."""
    if "takeaway_draft" in values:
        return None
    state = values["acknowledgement"]
    acknowledgements = [ack and ack.pk for ack in (state.acknowledgement, state.previous)]
    fields = (state.required, state.in_audience, state.round_id, state.overdue, state.fingerprint)
    extra = (values.get("reading_end_url"), values.get("deadline_words"))
    content = versions.get(versions.CONTENT)[0]
    return (page.pk, page.live_revision_id, content, *fields, *acknowledgements, *extra)


@personal_part("acknowledgement", "resolutions/includes/acknowledgement.html", key=_state_key)
def acknowledgement_box(request, page):
    """The document page's acknowledgement box: the reader's own state, and what they typed
    before a refused acknowledgement (portal.caching.shared_pages). A reader who still owes it also
    gets the address where reading.js says the end was reached (never in a preview)."""
    state = _reader_state(request, page)
    context = {"acknowledgement": state}
    if "ack_takeaway_draft" in getattr(request, "session", {}):
        context["takeaway_draft"] = request.session.pop("ack_takeaway_draft")
    if (
        state.required
        and state.in_audience
        and state.acknowledgement is None
        and not getattr(request, "is_preview", False)
    ):
        context["reading_end_url"] = reverse("acknowledgement_reached_end", args=[page.pk])
    return context


@personal_part(
    "acknowledgement-banner", "resolutions/includes/acknowledgement_banner.html", key=_state_key
)
def acknowledgement_banner(request, page):
    """At the top of the document: what is asked of this reader and by when."""
    state = _reader_state(request, page)
    return {
        "acknowledgement": state,
        "deadline_words": deadline_words(page.acknowledgement_deadline),
    }


def _client_ip(request):
    """The client's address; REMOTE_ADDR is the proxy's behind nginx, which sets X-Real-IP.

    Whatever is not an address (a forged header) is ignored rather than stored.
    """
    for candidate in (request.META.get("HTTP_X_REAL_IP"), request.META.get("REMOTE_ADDR")):
        try:
            return str(ipaddress.ip_address((candidate or "").strip()))
        except ValueError:
            continue
    return None


def _visible_document(request, page_id, body=True):
    """The live document, or 404 for anyone outside its audience (existence stays secret)."""
    if body:
        page = get_object_or_404(PartyDocumentPage.objects.live(), pk=page_id)
    else:
        page = live_page(PartyDocumentPage, page_id)
    if page is None or not can_view(page, request.user):
        raise Http404
    return page


@require_POST
@login_required
def acknowledge_document(request, page_id):
    page = _visible_document(request, page_id, body=False)
    try:
        acknowledgement, created = acknowledge(
            page,
            request.user,
            revision_id=request.POST.get("revision", ""),
            fingerprint=request.POST.get("fingerprint", ""),
            takeaway=request.POST.get("takeaway", ""),
            ip=_client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            channel=Channel.EMAIL if came_by_email(request, page) else Channel.SITE,
            previous_fingerprint=request.POST.get("previous_fingerprint", "")[:64],
        )
    except AcknowledgementRefused as refusal:
        messages.error(request, str(refusal))
        request.session["ack_takeaway_draft"] = request.POST.get("takeaway", "")[:6000]
        return redirect(page.url + "#xac-nhan")
    if not created:
        messages.info(request, _("You had already acknowledged this document."))
    elif is_late(acknowledgement, page):
        messages.warning(
            request,
            _("Acknowledgement recorded, after the deadline of %(deadline)s.")
            % {"deadline": page.acknowledgement_deadline.strftime("%d/%m/%Y")},
        )
    else:
        messages.success(request, _("Thank you. Your acknowledgement has been recorded."))
    request.session.pop("ack_takeaway_draft", None)
    return redirect(page.url + "#xac-nhan")


@require_POST
@login_required
def reached_end(request, page_id):
    """The beacon of reading.js: the end of the text has been on this reader's screen. Only
    recorded over the member's own read receipt (written when they opened the page
    themselves, never by a preview), once."""
    page = _visible_document(request, page_id, body=False)
    if in_audience(page, request.user):
        record_reached_end(page, request.user)
    return HttpResponse(status=204)


@login_required
def pending_list(request):
    documents = pending_documents(request.user).only(
        "id", "title", "url_path", "number", "issued_on", "doc_type", "acknowledgement_deadline"
    )
    page_obj = Paginator(documents, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "resolutions/acknowledgements/pending_list.html",
        {"page_obj": page_obj, "documents": page_obj.object_list, "today": timezone.localdate()},
    )


@login_required
def history(request):
    """What the member acknowledged, of the documents they may still see: one that left their
    audience (or was unpublished) keeps its record as evidence, but its title is no longer
    theirs to read."""
    records = (
        Acknowledgement.objects.filter(member=request.user, page__live=True)
        .filter(visibility_q(request.user, prefix="page__"))
        .select_related("page")
        .order_by("-acknowledged_at")
    )
    page_obj = Paginator(records, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "resolutions/acknowledgements/history.html",
        {"page_obj": page_obj, "records": page_obj.object_list},
    )


@login_required
def changes(request, page_id):
    """The sections changed since the version this member acknowledged last, differences
    marked, with the form that confirms them."""
    page = _visible_document(request, page_id)
    state = _reader_state(request, page)
    if state.previous is None or page.live_revision is None:
        raise Http404
    sections = section_changes(
        state.previous.revision.as_object().text_sections(),
        page.live_revision.as_object().text_sections(),
    )
    return render(
        request,
        "resolutions/acknowledgements/changes.html",
        {"document": page, "page": page, "state": state, "sections": sections},
    )
