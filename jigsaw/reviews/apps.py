from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "jigsaw.reviews"
    label = "reviews"
    verbose_name = "Partnership reviews (serious incidents, rapid reviews)"

    def ready(self) -> None:
        # Every change to a review record lands in the audit log, with a snapshot.
        from auditlog.registry import auditlog

        from . import models
        from .permissions import register_record_types

        for model in (
            models.SeriousIncident,
            models.IncidentChild,
            models.PartnerNotice,
            models.InformationRequest,
            models.RapidReviewMeeting,
            models.Finding,
            models.ImmediateAction,
        ):
            auditlog.register(model, serialize_data=True)
        register_record_types()

        # The partnership team finds the area from the menu; for everyone else it stays out of sight.
        from jigsaw.core.navigation import register_menu_item

        from .permissions import reviews_team

        register_menu_item(reviews_team, "reviews:index", "Partnership reviews")

        def asked_for_information(user) -> bool:
            from .selectors import request_scope

            return not reviews_team(user) and request_scope(user=user).exists()

        register_menu_item(asked_for_information, "reviews:requests", "Rapid review requests")

        # A rapid review meeting held lands in the children's chronology (restricted to the team).
        from jigsaw.meetings.signals import meeting_held

        from .services import rapid_review_meeting_held

        meeting_held.connect(rapid_review_meeting_held, dispatch_uid="reviews-meeting-held")

        # An immediate action's owner is told, and finds it on "My work" (selectors.action_work).
        from jigsaw.notifications.kinds import register_kind

        from .services.rapid_review import ACTION_KIND

        register_kind(ACTION_KIND, "An immediate action from a rapid review")

        # The incidents' deadlines on the partnership team's "My work" (see selectors.reviews_work).
        from jigsaw.core.selectors import register_work_source

        from .selectors import action_work, request_work, reviews_work

        register_work_source(area="reviews", source=reviews_work)
        register_work_source(area="reviews-requests", source=request_work)
        register_work_source(area="reviews-actions", source=action_work)
