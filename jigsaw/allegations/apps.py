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

        # The meeting deadline is met when the allegation management meeting is held.
        from jigsaw.meetings.signals import meeting_held

        from .services import allegation_meeting_held

        meeting_held.connect(allegation_meeting_held, dispatch_uid="allegations-meeting-held")

        # A professional invited to a case (the police officer, the employer's HR lead) finds it
        # from the menu; for everyone else the LADO area stays out of sight.
        from jigsaw.core.navigation import register_menu_item

        from .permissions import lado_team
        from .selectors import allegation_scope

        def invited_to_a_case(user) -> bool:
            return not lado_team(user) and allegation_scope(user=user).exists()

        register_menu_item(invited_to_a_case, "allegations:index", "LADO cases shared with you")
        # Its rows in a child's case summary (core/summary.py).
        from jigsaw.access.choices import RestrictedArea
        from jigsaw.core.summary import register_summary

        from .summary import lado_summary

        register_summary(area="allegations", provider=lado_summary, restricted_area=RestrictedArea.LADO)
