"""Partner API endpoints of this app, mounted under /api/v1/ in the "api" namespace."""

from django.urls import path

from .api import PersonFamilyPlansApi

urlpatterns = [
    path("people/<int:pk>/family-plans", PersonFamilyPlansApi.as_view(), name="person-family-plans"),
]
