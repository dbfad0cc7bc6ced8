"""The import review screens, under /people/import-review/ (names in the people namespace)."""

from django.urls import path

from . import views_import

urlpatterns = [
    path("", views_import.review_list, name="import-review"),
    path("<int:item_id>/", views_import.review_item, name="import-review-item"),
]
