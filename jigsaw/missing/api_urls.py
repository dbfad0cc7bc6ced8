"""Partner API endpoints of this app, mounted under /api/v1/ in the "api" namespace."""

from django.urls import path

from jigsaw.api import paths  # noqa: F401 (registers the <record_id:...> converter)

from .api import MissingEpisodeReportApi, MissingEpisodeReturnApi

urlpatterns: list = [
    path("missing-episodes", MissingEpisodeReportApi.as_view(), name="missing-episode-report"),
    path(
        "missing-episodes/<record_id:episode_id>/return",
        MissingEpisodeReturnApi.as_view(),
        name="missing-episode-return",
    ),
]
