from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("", views.index, name="index"),
    path("holds/new/", views.hold_new, name="hold-new"),
    path("holds/<int:hold_id>/release/", views.hold_release, name="hold-release"),
    path("batches/<int:batch_id>/", views.batch, name="batch"),
]
