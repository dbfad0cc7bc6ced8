from django.urls import path

from . import views

app_name = "fgc"

urlpatterns = [
    path("", views.index, name="index"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/refer/", views.refer, name="refer"),
    path("referrals/<int:referral_id>/", views.referral, name="referral"),
    path("referrals/<int:referral_id>/allocate/", views.allocate, name="allocate"),
    path("referrals/<int:referral_id>/close/", views.close, name="close"),
    path("referrals/<int:referral_id>/network/", views.network, name="network"),
    path("referrals/<int:referral_id>/network/add/<int:person_id>/", views.network_add, name="network-add"),
    path("referrals/<int:referral_id>/network/new/", views.network_new, name="network-new"),
    path("network/<int:member_id>/", views.network_edit, name="network-edit"),
    path("referrals/<int:referral_id>/preparation/add/", views.preparation_add, name="preparation-add"),
    path("referrals/<int:referral_id>/convene/", views.convene, name="convene"),
    path("conferences/<int:conference_id>/information/", views.information, name="information"),
    path("conferences/<int:conference_id>/private-time/", views.private_time, name="private-time"),
    path("conferences/<int:conference_id>/plan/", views.plan, name="plan"),
    path("conferences/<int:conference_id>/plan/decide/", views.plan_decide, name="plan-decide"),
    path("conferences/<int:conference_id>/review/", views.review, name="review"),
    path("plan-items/<int:item_id>/remove/", views.plan_item_remove, name="plan-item-remove"),
]
