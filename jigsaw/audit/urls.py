from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("people/<int:person_id>/", views.person_log, name="person-log"),
    path("break-glass/", views.break_glass, name="break-glass"),
    path("break-glass/<int:break_glass_id>/review/", views.break_glass_review, name="break-glass-review"),
]
