from django.apps import AppConfig


class MissingConfig(AppConfig):
    name = "jigsaw.missing"
    label = "missing"
    verbose_name = "Missing children"

    def ready(self) -> None:
        # Register this area's models with auditlog (serialize_data=True) and its record
        # types with the access policy here, as jigsaw/protection/apps.py does.
        pass
