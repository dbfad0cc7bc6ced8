from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "jigsaw.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        # Every change to a meeting and its papers lands in the audit log, with a snapshot.
        from auditlog.registry import auditlog

        from jigsaw.access.policy import RecordType, register_record_type

        from . import models
        from .selectors import meeting_can

        for model in (
            models.Meeting,
            models.MeetingSubject,
            models.Invitation,
            models.Report,
            models.Minutes,
            models.Decision,
            models.Action,
        ):
            # Own columns only: otherwise auditlog follows reverse one-to-one links (minutes,
            # and the service areas' records built on a meeting) with a query each.
            fields = [f.name for f in model._meta.concrete_fields if f.name != "updated_at"]
            auditlog.register(model, serialize_data=True, include_fields=fields)
        # can(user, Action.VIEW | CHANGE, meeting) answers through the one access policy.
        register_record_type("Meeting", RecordType(name="meeting", restricted_area="", can=meeting_can))
