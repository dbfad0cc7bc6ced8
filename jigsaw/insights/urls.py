from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/figures.<str:fmt>", views.dashboard_download, name="download"),
    path("<slug:slug>/<slug:key>/", views.measure, name="measure"),
    path("<slug:slug>/<slug:key>/children.<str:fmt>", views.measure_download, name="measure_download"),
]
