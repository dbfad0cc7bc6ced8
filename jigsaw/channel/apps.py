from django.apps import AppConfig


class ChannelConfig(AppConfig):
    name = "jigsaw.channel"
    label = "channel"
    verbose_name = "Channel panel (Prevent)"

    def ready(self) -> None:
        # Every change to a Channel record lands in the audit log, with a snapshot.
        from auditlog.registry import auditlog

        from . import models
        from .permissions import register_record_types

        for model in (
            models.ChannelCase,
            models.Consent,
            models.Assessment,
            models.FactorRating,
            models.PanelReview,
            models.Intervention,
            models.ExitReview,
        ):
            auditlog.register(model, serialize_data=True)
        register_record_types()
        # Its rows in a child's case summary (core/summary.py).
        from jigsaw.access.choices import RestrictedArea
        from jigsaw.core.summary import register_summary

        from .summary import channel_summary

        register_summary(area="channel", provider=channel_summary, restricted_area=RestrictedArea.CHANNEL)
