from django.urls import path

from . import views

app_name = "frontdoor"

urlpatterns = [
    path("", views.index, name="index"),
    # The contact as a question flow: one page per section, then check your answers.
    path("contacts/new/", views.contact_new, name="contact-new"),
    path("contacts/new/people/", views.contact_people, name="contact-people"),
    path("contacts/new/people/find/", views.contact_person_find, name="contact-person-find"),
    path("contacts/new/people/add/", views.contact_person_new, name="contact-person-new"),
    path("contacts/new/people/<int:index>/remove/", views.contact_person_remove, name="contact-person-remove"),
    path("contacts/new/check/", views.contact_check, name="contact-check"),
    path("contacts/new/<slug:step>/", views.contact_step, name="contact-step"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact-detail"),
    path("contacts/<int:pk>/decide/", views.contact_decide, name="contact-decide"),
    path("contacts/<int:pk>/follow-up/", views.contact_follow_up, name="contact-follow-up"),
    path("contacts/<int:pk>/people/<int:row_id>/link/", views.contact_person_link, name="contact-person-link"),
    path("episodes/<int:pk>/", views.episode_detail, name="episode-detail"),
    path("episodes/<int:pk>/close/", views.episode_close, name="episode-close"),
    path("episodes/<int:pk>/allocate/", views.episode_allocate, name="episode-allocate"),
]
