from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "jigsaw.chronology"
    label = "chronology"
    verbose_name = "Chronology"
