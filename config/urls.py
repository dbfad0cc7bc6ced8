from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("jigsaw.core.urls")),
    path("account/", include("jigsaw.access.urls")),
    path("people/", include("jigsaw.people.urls")),
    path("audit/", include("jigsaw.audit.urls")),
    path("timescales/", include("jigsaw.timescales.urls")),
    path("chronology/", include("jigsaw.chronology.urls")),
    path("meetings/", include("jigsaw.meetings.urls")),
    path("front-door/", include("jigsaw.frontdoor.urls")),
    path("protection/", include("jigsaw.protection.urls")),
    path("api/v1/", include("jigsaw.api.urls")),
    path("django-admin/", admin.site.urls),
]
