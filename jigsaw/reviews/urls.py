from django.urls import path

from jigsaw.core.restricted import restricted_area_urls

from . import views
from .permissions import may_enter_reviews, reviews_team

app_name = "reviews"

# Outside the partnership team every URL here answers 404, as a page that does not exist.
urlpatterns = restricted_area_urls(
    [
        path("", views.index, name="index"),
        path("incidents/new/", views.incident_new, name="incident-new"),
        path("incidents/<int:pk>/", views.incident, name="incident"),
        path("incidents/<int:pk>/notification/", views.notification, name="notification"),
        path("incidents/<int:pk>/submitted/", views.submitted, name="submitted"),
        path("incidents/<int:pk>/partners/", views.partners_tell, name="partners-tell"),
        path("incidents/<int:pk>/partners/<int:notice_id>/received/", views.partner_received, name="partner-received"),
        path("incidents/<int:pk>/close/", views.close, name="close"),
        path("incidents/<int:pk>/rapid-review/", views.rapid_review, name="rapid-review"),
        path("incidents/<int:pk>/panel-reply/", views.panel_reply, name="panel-reply"),
        path("incidents/<int:pk>/requests/new/", views.requests_new, name="requests-new"),
        path("incidents/<int:pk>/rapid-review.pdf", views.rapid_review_report, name="rapid-review-pdf"),
        path("incidents/<int:pk>/meeting/", views.meeting_new, name="meeting-new"),
        path("incidents/<int:pk>/findings/<str:kind>/", views.finding_new, name="finding-new"),
        path("incidents/<int:pk>/actions/new/", views.action_new, name="action-new"),
        path("actions/<int:action_id>/", views.action_page, name="action"),
        path("requests/", views.requests, name="requests"),
        path("requests/<int:request_id>/", views.request_page, name="request"),
    ],
    team=reviews_team,
    # An agency's contact asked for information sees their own request, nothing else.
    may_enter=may_enter_reviews,
)
