"""ARCHITECTURE rule 5: every personal-data model declares its retention class and legal basis."""

from django.apps import apps
from django.db import models

from jigsaw.people.models import Person
from jigsaw.records.models import RETENTION_CLASSES


def personal_data_models() -> list[type[models.Model]]:
    """Jigsaw models that hold a person: the Person itself or a link to one."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("jigsaw."):
            continue
        if model is Person or any(
            isinstance(f, models.ForeignKey | models.OneToOneField) and f.related_model is Person
            for f in model._meta.fields
        ):
            found.append(model)
    return found


def test_every_personal_data_model_declares_a_known_retention_class_and_a_legal_basis():
    missing = []
    for model in personal_data_models():
        key = getattr(model, "retention_class", None)
        if key not in RETENTION_CLASSES or not getattr(model, "legal_basis", ""):
            missing.append(f"{model._meta.label} ({key!r})")
    assert not missing, "Declare retention_class (a key of records.RETENTION_CLASSES) and legal_basis on: " + ", ".join(
        missing
    )


def test_every_personal_data_model_is_declared_in_the_record_of_processing():
    """Issue 12 §2: the Article 30 record and the privacy notices are made from these declarations,
    so a model holding personal data in an area with no declaration would be left out of both."""
    from jigsaw.records.processing import PROCESSING

    missing = sorted(
        {
            f"{m._meta.label} (area {m._meta.app_label!r})"
            for m in personal_data_models()
            if m._meta.app_label not in PROCESSING
        }
    )
    assert not missing, "Declare the area in jigsaw/records/processing.py PROCESSING: " + ", ".join(missing)
    for processing in PROCESSING.values():
        assert processing.purpose and processing.information and processing.people and processing.recipients, (
            processing.area
        )
        assert processing.transfers, processing.area
