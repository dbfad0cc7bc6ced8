from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notifications_read_all, name="read-all"),
    path("<int:notification_id>/", views.notification_open, name="open"),
    path("<int:notification_id>/unread/", views.notification_unread, name="unread"),
]
