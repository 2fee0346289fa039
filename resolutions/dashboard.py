"""The admin's home page answers "what needs me today": documents waiting for my approval with
who will read them, acknowledgement rounds closing this week, consultations open and comments
waiting for a moderator."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import TaskState

from resolutions.acknowledgements.progress import document_progress
from resolutions.comments.services import can_moderate
from resolutions.models import Comment, PartyDocumentPage


class OfficeTodayPanel(Component):
    name = "office_today"
    order = 50
    template_name = "resolutions/admin/office_today.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        today = timezone.localdate()
        now = timezone.now()
        waiting = [
            state.revision.content_object.specific
            for state in TaskState.objects.reviewable_by(user)
            .select_related("revision")
            .order_by("started_at")[:20]
            if state.revision is not None
        ]
        live = PartyDocumentPage.objects.live()
        closing = live.filter(
            requires_acknowledgement=True,
            acknowledgement_deadline__range=(today, today + datetime.timedelta(days=7)),
        ).order_by("acknowledgement_deadline")[:10]
        consultations = live.filter(
            comments_mode=PartyDocumentPage.CommentsMode.PERIOD,
            consultation_opens_at__lte=now,
            consultation_closes_at__gte=now,
        ).order_by("consultation_closes_at")[:10]
        pending_comments = (
            Comment.objects.filter(state=Comment.State.PENDING).count()
            if can_moderate(user)
            else None
        )
        return {
            "waiting": [(page, page.reader_audience) for page in waiting],
            "closing": [document_progress(page) for page in closing],
            "consultations": consultations,
            "pending_comments": pending_comments,
            "heading": _("What needs you today"),
        }
