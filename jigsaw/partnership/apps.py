from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "jigsaw.partnership"
    label = "partnership"
    verbose_name = "Safeguarding children partnership"

    def ready(self) -> None:
        # Not registered with django-auditlog: its snapshots would keep a booker's telephone and
        # address in the audit log for years after the privacy notice says they go. The services
        # call audit_record with the row and what changed instead.
        from jigsaw.core.navigation import register_menu_item
        from jigsaw.core.selectors import register_work_source

        from .permissions import may_open_training
        from .selectors import attendance_to_mark, audit_cases_for_auditor, audit_work, partnership_actions_work

        register_menu_item(may_open_training, "partnership:index", "Partnership")
        register_work_source(area="partnership", source=attendance_to_mark)
        register_work_source(area="partnership-actions", source=partnership_actions_work)
        register_work_source(area="partnership-audits", source=audit_work)
        register_menu_item(
            lambda user: audit_cases_for_auditor(user).exists(), "partnership:audit-mine", "Case file audit"
        )
