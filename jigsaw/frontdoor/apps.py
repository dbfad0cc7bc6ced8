from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "jigsaw.frontdoor"
    label = "frontdoor"
    verbose_name = "Front door"

    def ready(self) -> None:
        # Every change to a contact, a decision or an episode lands in the audit log, with a
        # snapshot, against the user the service acted for (services use @records_actor).
        from auditlog.registry import auditlog

        from . import models, permissions

        for model in (
            models.Contact,
            models.ContactPerson,
            models.Decision,
            models.Episode,
            models.LevelOfNeed,
            models.LevelOfNeedRevision,
            models.DutyWorker,
        ):
            auditlog.register(model, serialize_data=True, exclude_fields=["updated_at"])
        permissions.register()
        # Its rows in a child's case summary (core/summary.py).
        from jigsaw.core.summary import register_summary

        from .summary import frontdoor_summary

        register_summary(area="frontdoor", provider=frontdoor_summary)
        # Contacts assigned to a worker before their children are linked have no clock yet.
        from jigsaw.core.selectors import register_work_source

        from .selectors import contacts_to_decide

        register_work_source(area="frontdoor", source=contacts_to_decide)

        # Partners see only what they can use: their referrals; the partnership manager its levels.
        from jigsaw.core.navigation import register_menu_item
        from jigsaw.notifications.kinds import register_kind

        register_menu_item(permissions.may_refer, "frontdoor:referral-list", "Your referrals")
        register_menu_item(permissions.may_manage_levels_of_need, "frontdoor:levels", "Levels of need")
        register_kind("referral_received", "Referral received")
        register_kind("referral_outcome", "Outcome of a referral")
