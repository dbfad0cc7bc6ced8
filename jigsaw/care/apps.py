from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "jigsaw.care"
    label = "care"
    verbose_name = "Children in care"

    def ready(self) -> None:
        # Every change to a looked-after record lands in the audit log, with a snapshot.
        from auditlog.registry import auditlog

        from . import models
        from .permissions import register_record_types

        for model in (
            models.PeriodOfCare,
            models.CareEpisode,
            models.HostNotification,
            models.HostedChild,
            models.MonitoringNote,
            models.IROConcern,
            models.ConcernStep,
            models.CareReview,
            models.HealthAssessment,
            models.EducationPlan,
            models.CareVisit,
            models.CareLeaverContact,
        ):
            auditlog.register(model, serialize_data=True)
        register_record_types()

        from jigsaw.notifications.kinds import register_kind

        from .services import IRO_CONCERN_ESCALATED

        register_kind(IRO_CONCERN_ESCALATED, "An IRO's concern escalated to you")
        # Its rows in a child's case summary (core/summary.py).
        from jigsaw.core.summary import register_summary

        from .summary import care_summary

        register_summary(area="care", provider=care_summary)
