"""Third-party tagging at the time of writing: when a record about a person is saved with free
text (a chronology entry, an area's notes), the other people of the family's network that the
text names are linked to it (Mention rows). The pack then knows which items name someone else.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_save

from jigsaw.people.models import Person

from .mentions import mentioned_in, third_parties
from .models import Mention


def _text_fields(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.TextField) or (isinstance(f, models.CharField) and f.name == "summary")
    ]


def _person_fields(model: type[models.Model]) -> list[str]:
    return [
        f.attname for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey) and f.related_model is Person
    ]


def link_mentions(*, record: models.Model, person_id: int, texts: list[str]) -> set[int]:
    """Link the people of `person_id`'s network whom these texts name to `record`."""
    subject = Person.objects.filter(pk=person_id).first()
    if subject is None or not any(texts):
        return set()
    found = mentioned_in(texts, third_parties(subject)) - {person_id}
    if found:
        ct = ContentType.objects.get_for_model(record)
        Mention.objects.bulk_create(
            [Mention(person_id=person_id, mentioned_id=pid, content_type=ct, object_id=record.pk) for pid in found],
            ignore_conflicts=True,
        )
    return found


def _on_save(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not isinstance(instance.pk, int):
        return
    texts = [getattr(instance, name) or "" for name in _text_fields(sender)]
    if not any(texts):
        return
    for attname in _person_fields(sender):
        person_id = getattr(instance, attname)
        if person_id:
            link_mentions(record=instance, person_id=person_id, texts=texts)


# Apps whose rows are not writing about a family (or that link nothing).
NOT_WRITING = frozenset({"audit", "auditlog", "retention", "subjectaccess", "contenttypes", "access", "api", "people"})


def connect() -> None:
    """Listen to every model that holds free text about a person (called from apps.ready)."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.app_label in NOT_WRITING or not hasattr(model, "retention_class"):
            continue
        if _text_fields(model) and _person_fields(model):
            post_save.connect(_on_save, sender=model, dispatch_uid=f"sar-mentions-{model._meta.label_lower}")
