from django.apps import AppConfig


class YouthjusticeConfig(AppConfig):
    name = "jigsaw.youthjustice"
    label = "youthjustice"
    verbose_name = "Youth justice"

    def ready(self) -> None:
        # Every change to a youth justice record lands in the audit log, with a snapshot.
        from auditlog.registry import auditlog

        from . import models
        from .permissions import register_record_types

        for model in (
            models.YouthJusticeCase,
            models.Offence,
            models.Assessment,
            models.Intervention,
            models.Victim,
            models.RestorativeWork,
            models.CasePartner,
        ):
            auditlog.register(model, serialize_data=True)
        auditlog.register(models.Outcome, serialize_data=True, m2m_fields={"offences"})
        register_record_types()
        # Its rows in a child's case summary (core/summary.py).
        from jigsaw.core.summary import register_summary

        from .summary import youthjustice_summary

        register_summary(area="youthjustice", provider=youthjustice_summary)
