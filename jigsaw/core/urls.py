from django.urls import path

from . import health, metrics, views

app_name = "core"

urlpatterns = [
    path("", views.my_work, name="home"),
    path("health/", health.health, name="health"),
    path("health/web/", health.health_web, name="health-web"),
    path("metrics/", metrics.metrics, name="metrics"),
]
