from django.urls import path

from . import views

app_name = "subjectaccess"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:request_id>/", views.detail, name="detail"),
    path("<int:request_id>/identity/", views.identity, name="identity"),
    path("<int:request_id>/extend/", views.extend, name="extend"),
    path("<int:request_id>/clarify/", views.clarify, name="clarify"),
    path("<int:request_id>/review/", views.review, name="review"),
    path("<int:request_id>/review/<int:number>/", views.item, name="item"),
    path("<int:request_id>/pack.pdf", views.pack, name="pack"),
    path("<int:request_id>/answer/", views.answer, name="answer"),
]
