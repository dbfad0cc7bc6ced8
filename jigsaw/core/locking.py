"""Optimistic locking: an edit names the version of the record it started from.

Two people can open the same record, change it and save. Without this the second save
silently replaces the first (a social worker's draft minutes overwriting the chair's, a
chair approving text they never read). Instead every editable record carries a `version`
(`VersionedModel`); the edit screen sends the version it showed as a hidden field
(`VersionFormMixin`); the service locks the row, refuses a version that is no longer the
current one (`check_version`, an ApplicationError shown in the error summary while the
page keeps what was typed) and counts one more version when it saves (`bump_version`).

A page built with `core.pages.form_page(record=...)` gets the hidden field and hands
`cleaned_data["version"]` to its save function, which passes it on as `expected_version`.

A service called from somewhere that did not show the record to anyone (the demo council,
the API, an import) passes `expected_version=None`: there is no earlier read to be stale.
Every edit screen passes the version it showed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from .exceptions import ApplicationError

STALE_MESSAGE = (
    "Someone else changed this record while you were editing it. Your changes have not been saved: "
    "check the record as it is now and make your changes again."
)


class VersionedModel(models.Model):
    """A record that edit screens change: how many times it has been saved by an edit."""

    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Counts edits, so an edit started from an older version is refused"
    )

    class Meta:
        abstract = True


def check_version(record: Any, expected_version: int | None, *, message: str = STALE_MESSAGE) -> None:
    """Refuse an edit that started from a version older than the record's current one.

    `record` should have been read with select_for_update() in the same transaction, so
    nobody can save between this check and the caller's save.
    """
    if expected_version is None:
        return
    current = record.version if record is not None else 0
    if current != expected_version:
        raise ApplicationError(message)


def lock_for_edit[M: models.Model](record: M, expected_version: int | None, *, message: str = STALE_MESSAGE) -> M:
    """Read the record again, locked for this transaction, and refuse a stale edit."""
    current = type(record)._default_manager.select_for_update().get(pk=record.pk)
    check_version(current, expected_version, message=message)
    return current


def bump_version(record: Any) -> None:
    """Count one more edit. Call before save(); with update_fields, include "version"."""
    record.version = (record.version or 0) + 1


class VersionField(forms.IntegerField):
    """The version the edit screen showed, sent back as a hidden input."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault(
            "error_messages",
            {
                "required": "This page is out of date. Go back, open it again and make your changes",
                "invalid": "This page is out of date. Go back, open it again and make your changes",
                "min_value": "This page is out of date. Go back, open it again and make your changes",
            },
        )
        super().__init__(**kwargs)
        self._custom_messages = ("required",)


class VersionFormMixin(forms.Form):
    """Adds the hidden `version` field to an edit form. Put it before the form's base class."""

    version = VersionField()


class _NotYetMade:
    """Stands for a record an edit screen would make on first save (version 0)."""

    version = 0


NOT_YET_MADE = _NotYetMade()


def version_initial(record: Any) -> dict[str, int]:
    """The initial data an edit form needs to carry the record's version (0: not made yet)."""
    return {"version": record.version if record is not None else 0}
