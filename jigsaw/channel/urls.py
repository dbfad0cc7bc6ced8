from django.urls import path

from jigsaw.core.restricted import restricted_area_urls

from . import views
from .permissions import is_channel_member

app_name = "channel"

# Outside the Channel panel's team every URL here answers 404, as a page that does not exist.
urlpatterns = restricted_area_urls(
    [
        path("", views.index, name="index"),
        path("people/<int:person_id>/", views.person, name="person"),
        path("refer/", views.refer_find, name="refer-find"),
        path("refer/new/", views.refer_new, name="refer-new"),
        path("refer/<int:person_id>/", views.refer, name="refer"),
        path("cases/<int:case_id>/", views.case_detail, name="case"),
        path("cases/<int:case_id>/consent/", views.consent, name="consent"),
        path("cases/<int:case_id>/assessment/", views.assessment_new, name="assessment-new"),
        path("cases/<int:case_id>/support/", views.intervention_add, name="intervention-add"),
        path("assessments/<int:assessment_id>/", views.assessment_detail, name="assessment"),
        path("support/<int:intervention_id>/", views.intervention_update, name="intervention"),
        path("exit-reviews/<int:review_id>/", views.exit_review, name="exit-review"),
        path("panels/new/", views.panel_convene, name="panel-convene"),
        path("panels/<int:meeting_id>/", views.panel_detail, name="panel"),
        path("panels/<int:meeting_id>/agenda/", views.panel_case_add, name="panel-case-add"),
        path("panel-reviews/<int:review_id>/", views.panel_decision, name="panel-decision"),
    ],
    team=is_channel_member,
)
