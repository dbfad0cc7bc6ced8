from django.urls import path

from . import views

app_name = "chronology"

urlpatterns = [
    path("<int:person_id>/", views.chronology, name="chronology"),
    path("<int:person_id>/add/", views.add, name="add"),
    path("<int:person_id>/pdf/", views.pdf, name="pdf"),
    path("<int:person_id>/entries/<int:entry_id>/correct/", views.correct, name="correct"),
]
