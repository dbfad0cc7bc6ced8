from django.urls import path

from . import views

app_name = "missing"

urlpatterns = [
    path("", views.index, name="index"),
    path("find/", views.find, name="find"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/episodes/record/", views.episode_record, name="episode-record"),
    path("episodes/<int:episode_id>/", views.episode, name="episode"),
    path("episodes/<int:episode_id>/return/", views.episode_return, name="episode-return"),
    path("episodes/<int:episode_id>/interview/offer/", views.interview_offer, name="interview-offer"),
    path("interviews/<int:interview_id>/record/", views.interview_hold, name="interview-hold"),
    path("interviews/<int:interview_id>/declined/", views.interview_decline, name="interview-decline"),
    path("prompts/<int:prompt_id>/decide/", views.prompt_decide, name="prompt-decide"),
]
