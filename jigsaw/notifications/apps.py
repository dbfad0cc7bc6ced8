from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "jigsaw.notifications"
    label = "notifications"
    verbose_name = "Notifications"
