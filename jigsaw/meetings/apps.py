from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "jigsaw.meetings"
    label = "meetings"
    verbose_name = "Meetings"
