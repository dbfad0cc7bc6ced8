from django.apps import AppConfig


class AllegationsConfig(AppConfig):
    name = "jigsaw.allegations"
    label = "allegations"
    verbose_name = "Allegations against staff (LADO)"

    def ready(self) -> None:
        # Every change to a LADO record lands in the audit log, with a snapshot.
        from auditlog.registry import auditlog

        from . import models
        from .permissions import register_record_types

        for model in (
            models.DutySlot,
            models.Allegation,
            models.AllegationChild,
            models.AllegationAccess,
            models.AllegationMeeting,
        ):
            auditlog.register(model, serialize_data=True)
        register_record_types()
