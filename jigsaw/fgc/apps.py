from django.apps import AppConfig


class FgcConfig(AppConfig):
    name = "jigsaw.fgc"
    label = "fgc"
    verbose_name = "Family group conferences"

    def ready(self) -> None:
        # Register this area's models with auditlog (serialize_data=True) and its record
        # types with the access policy here, as jigsaw/protection/apps.py does.
        pass
