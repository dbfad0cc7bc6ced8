"""Partner API endpoints of this app, mounted under /api/v1/ in the "api" namespace."""

from django.urls import path

from jigsaw.api import paths  # noqa: F401 (registers the <record_id:...> converter)

from .api import PersonDeadlinesApi

urlpatterns = [
    path("people/<record_id:pk>/deadlines", PersonDeadlinesApi.as_view(), name="person-deadlines"),
]
