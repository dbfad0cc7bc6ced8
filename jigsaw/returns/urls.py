from django.urls import path

from . import views

app_name = "returns"

urlpatterns = [
    path("", views.index, name="index"),
    path("produce/", views.produce, name="produce"),
    path("runs/<int:run_id>/", views.run, name="run"),
    path("runs/<int:run_id>/files/<str:name>", views.download, name="download"),
]
