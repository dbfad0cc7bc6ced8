"""The public privacy notices: no sign-in (config/urls.py mounts them at /privacy/)."""

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.privacy_index, name="index"),
    path("<slug:area>/", views.privacy_notice, name="notice"),
]
