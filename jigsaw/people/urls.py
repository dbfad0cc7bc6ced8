from django.urls import include, path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.search, name="search"),
    path("add/", views.create, name="create"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("merges/", views.merges, name="merges"),
    path("merges/<int:merge_id>/review/", views.merge_review, name="merge-review"),
    path("emergency-access/", views.break_glass, name="break-glass"),
    path("import-review/", include("jigsaw.people.urls_import")),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/change/", views.edit, name="edit"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/relationships/add/", views.add_relationship, name="add-relationship"),
    path("<int:pk>/households/add/", views.add_household, name="add-household"),
    path("<int:pk>/merge/", views.merge_choose, name="merge"),
    path("<int:pk>/merge/<int:other_pk>/", views.merge_confirm, name="merge-confirm"),
    path("<int:pk>/<str:what>/add/", views.add_detail, name="add-detail"),
]
