from django.apps import AppConfig


class MissingConfig(AppConfig):
    name = "jigsaw.missing"
    label = "missing"
    verbose_name = "Missing children"

    def ready(self) -> None:
        # Every change to a missing episode, interview or prompt lands in the audit log, with a snapshot.
        from auditlog.registry import auditlog

        from . import models
        from .permissions import register_record_types

        for model in (models.MissingEpisode, models.ReturnInterview, models.StrategyPrompt):
            auditlog.register(model, serialize_data=True)
        register_record_types()
        # Its rows in a child's case summary (core/summary.py).
        from jigsaw.core.summary import register_summary

        from .summary import missing_summary

        register_summary(area="missing", provider=missing_summary)
