"""Members' comments on documents (included under binh-luan/ by portal.urls)."""

from django.urls import path

from resolutions.comments import views

urlpatterns = [
    path("van-ban/<id:page_id>/", views.more_comments, name="comment_more"),
    path("van-ban/<id:page_id>/gui/", views.post_comment, name="comment_post"),
    path("<id:comment_id>/sua/", views.edit_comment, name="comment_edit"),
    path("<id:comment_id>/xoa/", views.delete_comment, name="comment_delete"),
    path("thong-bao/", views.save_preferences, name="comment_preferences"),
]
