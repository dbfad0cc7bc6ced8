from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "jigsaw.protection"
    label = "protection"
    verbose_name = "Child protection"
