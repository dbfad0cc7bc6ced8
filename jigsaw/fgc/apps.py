from django.apps import AppConfig


class FgcConfig(AppConfig):
    name = "jigsaw.fgc"
    label = "fgc"
    verbose_name = "Family group conferences"

    def ready(self) -> None:
        # Every change to a family group conference record lands in the audit log, with a snapshot.
        from auditlog.registry import auditlog

        from . import models
        from .permissions import register_record_types

        for model in (
            models.Referral,
            models.ReferralChild,
            models.NetworkMember,
            models.PreparationContact,
            models.Conference,
            models.FamilyPlan,
            models.PlanItem,
        ):
            auditlog.register(model, serialize_data=True)
        register_record_types()
        # Its rows in a child's case summary (core/summary.py).
        from jigsaw.core.summary import register_summary

        from .summary import fgc_summary

        register_summary(area="fgc", provider=fgc_summary)
