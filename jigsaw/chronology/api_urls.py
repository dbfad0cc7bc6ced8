"""Partner API endpoints of this app, mounted under /api/v1/ in the "api" namespace."""

from django.urls import path

from jigsaw.api import paths  # noqa: F401 (registers the <record_id:...> converter)

from .api import PersonChronologyApi

urlpatterns = [
    path("people/<record_id:pk>/chronology", PersonChronologyApi.as_view(), name="person-chronology"),
]
