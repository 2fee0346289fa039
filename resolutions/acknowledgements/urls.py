from django.urls import path

from resolutions.acknowledgements import cell_views, link_views, views

urlpatterns = [
    path("", views.pending_list, name="acknowledgement_pending"),
    path("lich-su/", views.history, name="acknowledgement_history"),
    path("chi-bo/", cell_views.cell_progress, name="acknowledgement_cell"),
    path("chi-bo/<id:page_id>/", cell_views.cell_document, name="acknowledgement_cell_document"),
    path("chi-bo/<id:page_id>/nhac/", cell_views.remind_cell, name="acknowledgement_cell_remind"),
    path("thu/<str:token>/", link_views.open_link, name="acknowledgement_link"),
    path("<id:page_id>/", views.acknowledge_document, name="acknowledge_document"),
    path("<id:page_id>/da-doc-het/", views.reached_end, name="acknowledgement_reached_end"),
    path("<id:page_id>/thay-doi/", views.changes, name="acknowledgement_changes"),
]
