from django.urls import path

from . import views

app_name = "timescales"

urlpatterns = [
    path("", views.rules, name="rules"),
    path("people/<int:person_id>/", views.person_deadlines, name="person"),
    path("clocks/<int:clock_id>/late-reason/", views.late_reason, name="late-reason"),
    path("clocks/<int:clock_id>/cancel/", views.cancel, name="cancel"),
]
