"""Partner API endpoints of this app, mounted under /api/v1/ in the "api" namespace."""

from django.urls import path

from .api import PersonDeadlinesApi

urlpatterns = [
    path("people/<int:pk>/deadlines", PersonDeadlinesApi.as_view(), name="person-deadlines"),
]
