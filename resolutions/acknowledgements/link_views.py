"""The landing of an e-mail's button (resolutions.acknowledgements.links).

GET never uses a link up unless this browser is the member's own (mail scanners open links to
check them); elsewhere the member asks for a code, sent to their own address, and types it.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from resolutions.acknowledgements import emails, links
from resolutions.acknowledgements.services import member_state

_STATUS = {links.LinkState.UNKNOWN: 404, links.LinkState.USED: 410, links.LinkState.EXPIRED: 410}


def _page(request, state, link=None, status=200, **context):
    return render(
        request,
        "resolutions/acknowledgements/link.html",
        {"state": state, "link": link, **context},
        status=status,
    )


def _destination(request, link):
    """Where the member reads: the changed sections when they had acknowledged an earlier
    version, else the document from its start. Never a URL taken from the request."""
    if member_state(link.page, link.member).previous is not None:
        return reverse("acknowledgement_changes", args=[link.page_id])
    return link.page.url


def _signed_in(request, link):
    if not links.sign_in(request, link):
        return _page(request, links.LinkState.USED, status=410)
    response = redirect(_destination(request, link))
    return links.remember_device(response, link.member)


@never_cache
@require_http_methods(["GET", "POST"])
def open_link(request, token):
    state, link = links.find(token)
    if state != links.LinkState.VALID:
        return _page(request, state, status=_STATUS[state])
    member = link.member
    if request.user.is_authenticated and request.user.pk != member.pk:
        return _page(request, "other-member", status=403)
    if links.needs_full_log_in(member) and request.user.pk != member.pk:
        query = urlencode({"next": request.path})
        return redirect(f"{reverse('account_login')}?{query}")
    if request.user.pk == member.pk or links.is_known_device(request, member):
        return _signed_in(request, link)
    if request.method == "GET":
        return _page(request, "confirm", link)
    if "code" not in request.POST:  # asks for a code
        code = links.new_code(link)
        if code is not None:
            emails.send_code(link, code)
        return _page(request, "code", link, sent=code is not None)
    if links.check_code(link, request.POST["code"]):
        return _signed_in(request, link)
    return _page(request, "code", link, status=400, wrong_code=True)
