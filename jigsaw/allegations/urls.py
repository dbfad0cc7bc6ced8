from django.urls import path

from . import views

app_name = "allegations"

urlpatterns = [
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
]
