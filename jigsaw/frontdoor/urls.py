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
    path("contacts/<int:pk>/assign/", views.contact_assign, name="contact-assign"),
    path("duty/", views.duty_name, name="duty"),
    # A partner's web referral, and their own referrals with the outcome they were told.
    path("referrals/", views.referral_list_view, name="referral-list"),
    path("referrals/new/", views.referral_new, name="referral-new"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral-detail"),
    path("referrals/<int:pk>/sent/", views.referral_received, name="referral-received"),
    # The partnership's levels of need (its threshold document's continuum).
    path("levels-of-need/", views.levels, name="levels"),
    path("levels-of-need/new/", views.level_edit, name="level-new"),
    path("levels-of-need/<int:pk>/", views.level_edit, name="level-edit"),
    path("episodes/<int:pk>/", views.episode_detail, name="episode-detail"),
    path("episodes/<int:pk>/close/", views.episode_close, name="episode-close"),
    path("episodes/<int:pk>/cin-plan/", views.episode_cin_plan, name="episode-cin-plan"),
    path("episodes/<int:pk>/allocate/", views.episode_allocate, name="episode-allocate"),
]
