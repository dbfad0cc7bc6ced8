from django.urls import path

from . import views

app_name = "allegations"

urlpatterns = [
    path("", views.index, name="index"),
    path("people/<int:person_id>/", views.person, name="person"),
]
