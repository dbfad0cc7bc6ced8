from django.urls import path

from . import views

app_name = "protection"

urlpatterns = [
    path("", views.index, name="index"),
    path("children/<int:person_id>/", views.child, name="child"),
    path("children/<int:person_id>/strategy/convene/", views.strategy_convene, name="strategy-convene"),
    path("children/<int:person_id>/assessment/start/", views.assessment_start, name="assessment-start"),
    path("children/<int:person_id>/conferences/convene/", views.conference_convene, name="conference-convene"),
    path("strategy/complex/convene/", views.strategy_complex_convene, name="strategy-complex-convene"),
    path("strategy/<int:strategy_id>/", views.strategy_detail, name="strategy"),
    path("strategy/<int:strategy_id>/record/", views.strategy_record, name="strategy-record"),
    path("strategy/<int:strategy_id>/links/add/", views.strategy_link_add, name="strategy-link-add"),
    path("section-47/<int:section_47_id>/complete/", views.section47_complete, name="section47-complete"),
    path("assessments/<int:assessment_id>/authorise/", views.assessment_authorise, name="assessment-authorise"),
    path("conferences/<int:conference_id>/record/", views.conference_record, name="conference-record"),
    path("agencies/", views.agencies, name="agencies"),
    path("agencies/<int:agency_id>/email/", views.agency_email, name="agency-email"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("plans/<int:plan_id>/agencies/<str:event>/", views.plan_agencies, name="plan-agencies"),
    path("plans/<int:plan_id>/end/", views.plan_end, name="plan-end"),
    path("plans/<int:plan_id>/category/", views.plan_category, name="plan-category"),
    path("plans/<int:plan_id>/visits/add/", views.visit_add, name="visit-add"),
    path("plans/<int:plan_id>/core-group/convene/", views.core_group_convene, name="core-group-convene"),
    path("core-group/members/<int:member_id>/leave/", views.core_group_member_leave, name="core-group-leave"),
    path("core-group/<int:core_group_meeting_id>/record/", views.core_group_record, name="core-group-record"),
]
