from django.urls import path

from . import views

app_name = "youthjustice"

urlpatterns = [
    path("", views.index, name="index"),
    path("measures/", views.measures, name="measures"),
    path("find/", views.find, name="find"),
    path("find/new/", views.person_new, name="person-new"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/open/", views.case_open, name="case-open"),
    path("cases/<int:case_id>/close/", views.case_close, name="case-close"),
    path("cases/<int:case_id>/partners/add/", views.partner_add, name="partner-add"),
    path("cases/<int:case_id>/offences/add/", views.offence_add, name="offence-add"),
    path("cases/<int:case_id>/outcomes/add/", views.outcome_add, name="outcome-add"),
    path("cases/<int:case_id>/assessments/add/", views.assessment_add, name="assessment-add"),
    path("cases/<int:case_id>/interventions/add/", views.intervention_add, name="intervention-add"),
    path("interventions/<int:intervention_id>/progress/", views.intervention_progress, name="intervention-progress"),
    path("cases/<int:case_id>/victims/add/", views.victim_add, name="victim-add"),
    path("victims/<int:victim_id>/contact/", views.victim_contact, name="victim-contact"),
    path("victims/<int:victim_id>/restorative/", views.restorative_add, name="restorative-add"),
    path("restorative/<int:work_id>/complete/", views.restorative_complete, name="restorative-complete"),
]
