"""'Tài khoản của tôi': a member's own page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def my_account(request):
    member = request.user
    committees = [
        group.committee
        for group in member.groups.filter(committee__isnull=False).select_related("committee")
    ]
    return render(
        request,
        "portal/my_account.html",
        {"member": member, "party_cell": member.party_cell, "committees": committees},
    )
