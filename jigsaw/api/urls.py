from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated

from . import paths, views  # noqa: F401 (paths registers the <record_id:...> converter used below)
from .authentication import ApiTokenAuthentication
from .errors import not_found
from .people import PersonDetailApi, PersonSearchApi

app_name = "api"

urlpatterns = [
    path("people/search", PersonSearchApi.as_view(), name="person-search"),
    path("people/<record_id:pk>", PersonDetailApi.as_view(), name="person-detail"),
    # Each app's own endpoints (jigsaw/<app>/api_urls.py), in this namespace.
    path("", include("jigsaw.chronology.api_urls")),
    path("", include("jigsaw.timescales.api_urls")),
    path("", include("jigsaw.frontdoor.api_urls")),
    path("", include("jigsaw.protection.api_urls")),
    path("", include("jigsaw.care.api_urls")),
    path("", include("jigsaw.missing.api_urls")),
    path("", include("jigsaw.exploitation.api_urls")),
    path("", include("jigsaw.allegations.api_urls")),
    path("", include("jigsaw.channel.api_urls")),
    path("", include("jigsaw.fgc.api_urls")),
    path("", include("jigsaw.youthjustice.api_urls")),
    path("", include("jigsaw.meetings.api_urls")),
    # The document describes the API, not anyone's data: any signed-in user or token holder may read it.
    path(
        "openapi.json",
        SpectacularJSONAPIView.as_view(
            authentication_classes=[ApiTokenAuthentication, SessionAuthentication],
            permission_classes=[IsAuthenticated],
        ),
        name="openapi",
    ),
    # Screens for administrators (GOV.UK pages, signed in with two-factor).
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/issue/", views.token_issue, name="token-issue"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    # Last: any other address under /api/v1/ (a mistyped path, an id that is not a number) is a JSON 404,
    # not Django's HTML page. The token screens above are HTML pages and keep HTML 404s.
    re_path(r"^(?!tokens/)", not_found, name="not-found"),
]
