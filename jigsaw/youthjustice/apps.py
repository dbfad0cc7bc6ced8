from django.apps import AppConfig


class YouthjusticeConfig(AppConfig):
    name = "jigsaw.youthjustice"
    label = "youthjustice"
    verbose_name = "Youth justice"

    def ready(self) -> None:
        # Register this area's models with auditlog (serialize_data=True) and its record
        # types with the access policy here, as jigsaw/protection/apps.py does.
        pass
