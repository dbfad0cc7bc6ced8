from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "jigsaw.care"
    label = "care"
    verbose_name = "Children in care"

    def ready(self) -> None:
        # Register this area's models with auditlog (serialize_data=True) and its record
        # types with the access policy here, as jigsaw/protection/apps.py does.
        pass
