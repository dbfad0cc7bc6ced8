from django.apps import AppConfig


class AllegationsConfig(AppConfig):
    name = "jigsaw.allegations"
    label = "allegations"
    verbose_name = "Allegations against staff (LADO)"

    def ready(self) -> None:
        # Register this area's models with auditlog (serialize_data=True) and its record
        # types with the access policy here, as jigsaw/protection/apps.py does.
        pass
