from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "jigsaw.chronology"
    label = "chronology"
    verbose_name = "Chronology"

    def ready(self) -> None:
        # Entries are only ever added (corrections are new entries), and each addition is
        # logged with a snapshot, like every other change to personal data.
        from auditlog.registry import auditlog

        from .models import ChronologyEntry

        auditlog.register(ChronologyEntry, serialize_data=True)
