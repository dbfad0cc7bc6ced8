from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "jigsaw.governance"
    label = "governance"
    verbose_name = "Information governance"

    def ready(self) -> None:
        # Every change to a governance record lands in the audit log, with a snapshot.
        from auditlog.registry import auditlog

        from . import models, permissions

        for model in (models.SharingDecision, models.RightsRequest, models.Breach):
            auditlog.register(model, serialize_data=True)

        # The child's page: decisions and the disclosure log (core/summary.py).
        from jigsaw.core.summary import register_summary

        from .summary import governance_summary

        register_summary(area="governance", provider=governance_summary)

        # The DPO's "My work": breaches and sharing decisions to review (no clock holds them).
        from jigsaw.core.selectors import register_work_source

        from .selectors import governance_work

        register_work_source(area="governance", source=governance_work)

        from jigsaw.core.navigation import register_menu_item
        from jigsaw.notifications.kinds import register_kind

        register_menu_item(permissions.is_dpo, "governance:index", "Information governance")
        register_kind("sharing_decision_review", "Sharing decision to review")
