"""Members' side: acknowledge a document, the list of what waits for them, their history."""

import ipaddress

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.audience import can_view, visibility_q
from portal.routing import live_page
from portal.shared_pages import personal_part
from resolutions.acknowledgements.diff import text_changes
from resolutions.acknowledgements.services import (
    AcknowledgementRefused,
    acknowledge,
    is_late,
    member_state,
    pending_documents,
    revision_text,
)
from resolutions.models import Acknowledgement, PartyDocumentPage


@personal_part("acknowledgement", "resolutions/includes/acknowledgement.html")
def acknowledgement_box(request, page):
    """The document page's acknowledgement box: the reader's own state, and what they typed
    before a refused acknowledgement (portal.shared_pages)."""
    context = {"acknowledgement": member_state(page, request.user)}
    if "ack_takeaway_draft" in getattr(request, "session", {}):
        context["takeaway_draft"] = request.session.pop("ack_takeaway_draft")
    return context


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
    """What changed since the version this member acknowledged last."""
    page = _visible_document(request, page_id)
    state = member_state(page, request.user)
    if state.previous is None or page.live_revision is None:
        raise Http404
    diff = text_changes(revision_text(state.previous.revision), revision_text(page.live_revision))
    return render(
        request,
        "resolutions/acknowledgements/changes.html",
        {"document": page, "previous": state.previous, "changes": diff},
    )
