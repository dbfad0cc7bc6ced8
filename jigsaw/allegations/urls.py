from django.urls import path

from jigsaw.core.restricted import restricted_area_urls

from . import views
from .permissions import lado_team, may_enter_lado_area

app_name = "allegations"

# Outside the LADO team (and the cases someone is invited to) every URL here answers 404.
urlpatterns = restricted_area_urls(
    [
        path("", views.index, name="index"),
        path("referrals/new/", views.referral_new, name="referral-new"),
        path("advice/new/", views.advice_new, name="advice-new"),
        path("cases/<int:pk>/", views.case, name="case"),
        path("cases/<int:pk>/invite/", views.case_invite, name="case-invite"),
        path("cases/<int:pk>/access/<int:access_id>/end/", views.case_access_end, name="case-access-end"),
        path("cases/<int:pk>/allocate/", views.case_allocate, name="case-allocate"),
        path("cases/<int:pk>/meeting/", views.case_meeting, name="case-meeting"),
        path("cases/<int:pk>/outcome/", views.case_outcome, name="case-outcome"),
        path("rota/", views.rota, name="rota"),
        path("rota/<str:week>/", views.rota_week, name="rota-week"),
        path("people/<int:person_id>/", views.person, name="person"),
    ],
    team=lado_team,
    may_enter=may_enter_lado_area,
)
