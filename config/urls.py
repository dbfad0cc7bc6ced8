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
    path("notifications/", include("jigsaw.notifications.urls")),
    path("front-door/", include("jigsaw.frontdoor.urls")),
    path("protection/", include("jigsaw.protection.urls")),
    path("children-in-care/", include("jigsaw.care.urls")),
    path("missing/", include("jigsaw.missing.urls")),
    path("exploitation/", include("jigsaw.exploitation.urls")),
    path("lado/", include("jigsaw.allegations.urls")),
    path("channel/", include("jigsaw.channel.urls")),
    path("family-group-conferences/", include("jigsaw.fgc.urls")),
    path("retention/", include("jigsaw.retention.urls")),
    path("subject-access/", include("jigsaw.subjectaccess.urls")),
    path("youth-justice/", include("jigsaw.youthjustice.urls")),
    path("figures/", include("jigsaw.insights.urls")),
    path("partnership-reviews/", include("jigsaw.reviews.urls")),
    path("returns/", include("jigsaw.returns.urls")),
    path("governance/", include("jigsaw.governance.urls")),
    path("privacy/", include("jigsaw.governance.public_urls")),
    path("partnership/", include("jigsaw.partnership.urls")),
    path("api/v1/", include("jigsaw.api.urls")),
    path("django-admin/", admin.site.urls),
]

# GOV.UK error pages, with a way back and nothing of the case (jigsaw/core/views.py).
handler400 = "jigsaw.core.views.bad_request"
handler403 = "jigsaw.core.views.permission_denied"
handler404 = "jigsaw.core.views.page_not_found"
handler500 = "jigsaw.core.views.server_error"
