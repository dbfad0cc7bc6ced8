"""Dates in the service areas' own words read "4 December 2026", as everywhere else: a record's
name (shown as a caption, in lists and in the audit) never says 04/12/2026 or "04 December"."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import models

AREAS = ("allegations", "chronology", "care", "exploitation", "fgc", "youthjustice", "missing")
DAY = dt.date(2026, 12, 4)
AT = dt.datetime(2026, 12, 4, 14, 5, tzinfo=ZoneInfo("Europe/London"))
NUMERIC_OR_PADDED = re.compile(r"\b\d{2}/\d{2}/\d{4}\b|\b0\d [A-Z][a-z]+ \d{4}\b|\b\d{4}-\d{2}-\d{2}\b")


def _with_dates(model: type[models.Model]) -> models.Model:
    """An unsaved record of `model` whose every date is 4 December 2026 (and text is empty)."""
    values = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, models.DateTimeField):
            values[field.attname] = AT
        elif isinstance(field, models.DateField):
            values[field.attname] = DAY
        elif field.choices:
            values[field.attname] = field.choices[0][0]
    return model(**values)


def _named_with_a_date():
    for label in AREAS:
        for model in apps.get_app_config(label).get_models():
            has_date = any(isinstance(f, models.DateField) for f in model._meta.concrete_fields)
            if has_date and "__str__" in vars(model):
                yield pytest.param(model, id=f"{label}.{model.__name__}")


@pytest.mark.parametrize("model", list(_named_with_a_date()))
def test_a_records_name_gives_its_date_in_words(model):
    try:
        name = str(_with_dates(model))
    except (ObjectDoesNotExist, AttributeError, TypeError, ValueError):
        pytest.skip(f"{model.__name__}'s name is built from a related record")
    assert not NUMERIC_OR_PADDED.search(name), name
