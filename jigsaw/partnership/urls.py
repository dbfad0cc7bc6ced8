from django.urls import path

from . import views

app_name = "partnership"

urlpatterns = [
    # The partnership's own screens (signed in).
    path("", views.index, name="index"),
    path("courses/new/", views.course_new, name="course-new"),
    path("courses/<int:course_id>/sessions/new/", views.session_new, name="session-new"),
    path("sessions/<int:session_id>/", views.session, name="session"),
    path("figures/", views.figures, name="figures"),
    path("demand/new/", views.demand_new, name="demand-new"),
    path("demand/<int:survey_id>/", views.demand, name="demand"),
    path("newsletters/new/", views.newsletter_new, name="newsletter-new"),
    path("newsletters/<int:newsletter_id>/", views.newsletter, name="newsletter"),
    path("newsletters/<int:newsletter_id>/send/", views.newsletter_send, name="newsletter-send"),
    path("governance/", views.governance, name="governance"),
    path("governance/groups/new/", views.group_new, name="group-new"),
    path("governance/groups/<int:group_id>/", views.group, name="group"),
    path("governance/groups/<int:group_id>/members/new/", views.member_new, name="member-new"),
    path("governance/groups/<int:group_id>/convene/", views.group_convene, name="group-convene"),
    path("governance/documents/new/", views.document_new, name="document-new"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:action_id>/", views.action, name="action"),
    path("audits/", views.audits, name="audits"),
    path("audits/new/", views.audit_new, name="audit-new"),
    path("audits/<int:audit_id>/", views.audit, name="audit"),
    path("audits/<int:audit_id>/close/", views.audit_close, name="audit-close"),
    path("audits/cases/<int:case_id>/assign/", views.audit_assign, name="audit-assign"),
    path("audits/yours/", views.audit_mine, name="audit-mine"),
    path("audits/yours/<int:case_id>/", views.audit_case, name="audit-case"),
    # Public pages (no sign-in): professionals book and manage their bookings and subscriptions.
    path("training/", views.training, name="training"),
    path("training/sessions/<int:session_id>/book/", views.book, name="book"),
    path("training/bookings/<str:token>/", views.booking, name="booking"),
    path("training/bookings/<str:token>/cancel/", views.booking_cancel, name="booking-cancel"),
    path("training/bookings/<str:token>/evaluate/", views.booking_evaluate, name="booking-evaluate"),
    path("training/bookings/<str:token>/certificate/", views.booking_certificate, name="booking-certificate"),
    path("training/demand/<uuid:token>/", views.demand_respond, name="demand-respond"),
    path("training/demand/thanks/", views.demand_thanks, name="demand-thanks"),
    path("news/subscribe/", views.subscribe, name="subscribe"),
    path("news/subscribe/sent/", views.subscribe_sent, name="subscribe-sent"),
    path("news/confirm/<str:token>/", views.subscriber_confirm, name="subscriber-confirm"),
    path("news/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
