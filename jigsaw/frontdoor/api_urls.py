"""Partner API endpoints of this app, mounted under /api/v1/ in the "api" namespace."""

from django.urls import path

from .api import ContactCreateApi

urlpatterns: list = [
    path("contacts", ContactCreateApi.as_view(), name="contact-create"),
]
