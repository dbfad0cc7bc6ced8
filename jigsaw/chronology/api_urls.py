"""Partner API endpoints of this app, mounted under /api/v1/ in the "api" namespace."""

from django.urls import path

from .api import PersonChronologyApi

urlpatterns = [
    path("people/<int:pk>/chronology", PersonChronologyApi.as_view(), name="person-chronology"),
]
