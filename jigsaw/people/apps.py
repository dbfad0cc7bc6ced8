from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "jigsaw.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        # Every change to personal data lands in the audit log, with a snapshot, which
        # is also how earlier versions of a record are shown.
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Person,
            models.PersonName,
            models.PersonIdentifier,
            models.Address,
            models.ContactDetail,
            models.Relationship,
            models.HouseholdMember,
        ):
            auditlog.register(model, serialize_data=True, exclude_fields=["updated_at"])
