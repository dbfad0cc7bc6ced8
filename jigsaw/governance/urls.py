from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/share/", views.sharing_add, name="sharing-add"),
    path("sharing/<int:pk>/", views.sharing, name="sharing"),
    path("people/<int:person_id>/rights/new/", views.rights_add, name="rights-add"),
    path("rights/<int:pk>/", views.rights_request, name="rights-request"),
    path("rights/<int:pk>/extend/", views.rights_extend, name="rights-extend"),
    path("rights/<int:pk>/outcome/", views.rights_answer, name="rights-answer"),
    path("breaches/", views.breaches, name="breaches"),
    path("breaches/new/", views.breach_add, name="breach-add"),
    path("breaches/<int:pk>/", views.breach, name="breach"),
    path("breaches/<int:pk>/ico/", views.breach_ico, name="breach-ico"),
    path("breaches/<int:pk>/close/", views.breach_close, name="breach-close"),
    path("record-of-processing/", views.processing, name="processing"),
    path("record-of-processing.csv", views.processing_csv, name="processing-csv"),
]
