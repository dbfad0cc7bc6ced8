from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "jigsaw.retention"
    label = "retention"
    verbose_name = "Retention and disposal"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (models.LegalHold, models.DisposalBatch):
            auditlog.register(model, serialize_data=True)
        # The data protection officer's work: disposal batches awaiting approval.
        from jigsaw.core.navigation import register_menu_item
        from jigsaw.core.selectors import register_work_source

        from .permissions import is_dpo
        from .selectors import disposals_to_approve

        register_work_source(area="retention", source=disposals_to_approve)
        register_menu_item(is_dpo, "retention:index", "Retention and disposal")
