from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("convene/", views.convene, name="convene"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/invitations/<int:invitation_id>/reply/", views.reply, name="reply"),
    path("<int:pk>/held/", views.held, name="held"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/reports/add/", views.report_add, name="report-add"),
    path("<int:pk>/minutes/", views.minutes, name="minutes"),
    path("<int:pk>/minutes.pdf", views.minutes_download, name="minutes-pdf"),
    path("<int:pk>/decisions/add/", views.decision_add, name="decision-add"),
    path("<int:pk>/actions/add/", views.action_add, name="action-add"),
    path("<int:pk>/actions/<int:action_id>/done/", views.action_done, name="action-done"),
    path("<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/people/add/", views.subject_add, name="subject-add"),
    path("<int:pk>/people/<int:person_id>/notes/", views.subject_notes, name="subject-notes"),
]
