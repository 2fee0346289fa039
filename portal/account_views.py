"""'Tài khoản của tôi': a member's own page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from portal.models import Committee, PartyCell


@login_required
def my_account(request):
    member = request.user
    party_cell = (
        PartyCell.objects.select_related("secretary").get(pk=member.party_cell_id)
        if member.party_cell_id
        else None
    )
    return render(
        request,
        "portal/my_account.html",
        {
            "member": member,
            "party_cell": party_cell,
            "committees": Committee.objects.filter(group__user=member),
        },
    )
