from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "jigsaw.protection"
    label = "protection"
    verbose_name = "Child protection"

    def ready(self) -> None:
        # Every change to a child protection record lands in the audit log, with a snapshot.
        from auditlog.registry import auditlog

        from . import models
        from .permissions import register_record_types

        for model in (
            models.StrategyDiscussion,
            models.StrategyDiscussionChild,
            models.Section47,
            models.Assessment,
            models.AssessmentFactorIdentified,
            models.Conference,
            models.ProtectionPlan,
            models.CategoryChange,
            models.CoreGroupMember,
            models.PlanNotification,
            models.CoreGroupMeeting,
            models.Visit,
        ):
            auditlog.register(model, serialize_data=True)
        auditlog.register(models.EnquiryLink, serialize_data=True, m2m_fields={"children"})
        register_record_types()
        # Its rows in a child's case summary (core/summary.py).
        from jigsaw.core.summary import register_summary

        from .summary import protection_summary

        register_summary(area="protection", provider=protection_summary)
        # The conferences the conference service is to arrange, on its "My work" (no clock is theirs yet).
        from jigsaw.core.selectors import register_work_source

        from .selectors import conferences_to_arrange

        register_work_source(area="protection", source=conferences_to_arrange)
        # The agencies' safeguarding addresses, for those who keep them.
        from jigsaw.core.navigation import register_menu_item

        from .permissions import may_manage_agency_emails

        register_menu_item(may_manage_agency_emails, "protection:agencies", "Agencies' safeguarding emails")
