from django.urls import path

from . import views

app_name = "care"

urlpatterns = [
    path("", views.index, name="index"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/start/", views.period_start, name="period-start"),
    path("people/<int:person_id>/care-leaver/", views.leaver_add, name="leaver-add"),
    path("periods/<int:period_id>/change/", views.episode_change, name="episode-change"),
    path("periods/<int:period_id>/end/", views.period_end, name="period-end"),
    path("periods/<int:period_id>/iro/", views.iro_allocate, name="iro-allocate"),
    path("periods/<int:period_id>/notes/add/", views.note_add, name="note-add"),
    path("periods/<int:period_id>/concerns/add/", views.concern_raise, name="concern-raise"),
    path("periods/<int:period_id>/reviews/add/", views.review_convene, name="review-convene"),
    path("periods/<int:period_id>/health/add/", views.health_add, name="health-add"),
    path("periods/<int:period_id>/health-outcomes/", views.health_outcomes, name="health-outcomes"),
    path("periods/<int:period_id>/education/add/", views.pep_add, name="pep-add"),
    path("periods/<int:period_id>/visits/add/", views.visit_add, name="visit-add"),
    path("concerns/<int:concern_id>/escalate/", views.concern_escalate, name="concern-escalate"),
    path("concerns/<int:concern_id>/resolve/", views.concern_resolve, name="concern-resolve"),
    path("reviews/<int:review_id>/record/", views.review_record, name="review-record"),
    path("placed-here/add/", views.hosted_add, name="hosted-add"),
    path("placed-here/<int:hosted_id>/end/", views.hosted_end, name="hosted-end"),
]
