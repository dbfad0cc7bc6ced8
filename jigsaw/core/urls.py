from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.my_work, name="home"),
    path("health/", views.health, name="health"),
]
