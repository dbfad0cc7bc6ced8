from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    name = "jigsaw.timescales"
    label = "timescales"
    verbose_name = "Timescales"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.utils.module_loading import autodiscover_modules

        from . import checks, signals, statutory  # noqa: F401 - registers checks, signal handlers and statutory rules
        from .models import BankHoliday, Clock

        # Each app declares its own rules in deadlines.py (ARCHITECTURE: "deadlines are data").
        autodiscover_modules("deadlines")

        # A calendar change is a change to every deadline, so who made it is worth keeping.
        auditlog.register(BankHoliday, serialize_data=True, exclude_fields=["updated_at"])
        # A deadline is part of the child's record: starts, stops and reasons for delay are
        # logged with who made them (recomputed due dates are bulk updates, and not logged).
        auditlog.register(Clock, serialize_data=True, exclude_fields=["updated_at"])
