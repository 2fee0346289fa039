from django.urls import path

from resolutions.acknowledgements import views

urlpatterns = [
    path("", views.pending_list, name="acknowledgement_pending"),
    path("lich-su/", views.history, name="acknowledgement_history"),
    path("<id:page_id>/", views.acknowledge_document, name="acknowledge_document"),
    path("<id:page_id>/thay-doi/", views.changes, name="acknowledgement_changes"),
]
