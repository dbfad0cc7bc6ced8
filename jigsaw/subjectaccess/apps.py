from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    name = "jigsaw.subjectaccess"
    label = "subjectaccess"
    verbose_name = "Subject access requests"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import linking, models, providers
        from .sections import register_section

        for model in (models.SubjectAccessRequest, models.ClockPause, models.ItemDecision):
            auditlog.register(model, serialize_data=True)
        # What a pack holds, section by section; other apps register theirs the same way (sections.py).
        register_section(key="person", title="Your record", provider=providers.person_record, order=10)
        register_section(key="chronology", title="Chronology", provider=providers.chronology, order=20)
        register_section(
            key="meetings", title="Meetings where you were discussed", provider=providers.meetings, order=30
        )
        register_section(key="areas", title="Case records", provider=providers.area_records, order=40)
        # The disclosure log (jigsaw.records, written by every route out of Jigsaw).
        register_section(
            key="disclosures",
            title="What we shared about you, with whom and why",
            provider=providers.disclosures,
            order=90,
        )
        # Third-party tagging at the time of writing.
        linking.connect()

        from jigsaw.core.navigation import register_menu_item
        from jigsaw.core.selectors import register_work_source

        from .permissions import is_dpo
        from .selectors import requests_to_answer

        register_work_source(area="subjectaccess", source=requests_to_answer)
        register_menu_item(is_dpo, "subjectaccess:index", "Subject access requests")
