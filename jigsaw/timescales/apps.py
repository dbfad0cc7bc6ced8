from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    name = "jigsaw.timescales"
    label = "timescales"
    verbose_name = "Timescales"
