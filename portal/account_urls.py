from django.urls import path

from portal import account_views

urlpatterns = [
    path("", account_views.my_account, name="my_account"),
]
