"""The contact question flow's draft: what the officer has answered so far, kept in the
session (one page per section, then check your answers, then save through the service).

Nothing is written to the case record until the officer saves on the check page.
"""

import datetime as dt
from typing import Any

from . import forms
from .services import PersonEntry

SESSION_KEY = "frontdoor:contact-draft"

# The sections, in order: (slug, title). "people" has its own pages (find, add new).
STEPS: list[tuple[str, str]] = [
    ("caller", "About the caller"),
    ("consent", "Consent and the family's knowledge"),
    ("people", "Children and adults"),
    ("worries", "The worries"),
    ("need", "Level of need"),
]
STEP_TITLES = dict(STEPS)
FORMS = {
    "caller": forms.CallerForm,
    "consent": forms.ConsentForm,
    "worries": forms.WorriesForm,
    "need": forms.NeedForm,
}


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, dt.date):
        return {"__date__": value.isoformat()}
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "__datetime__" in value:
            return dt.datetime.fromisoformat(value["__datetime__"])
        if "__date__" in value:
            return dt.date.fromisoformat(value["__date__"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


class Draft:
    """The answers so far, per section, and the people added (JSON-safe in the session)."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.data: dict[str, Any] = session.get(SESSION_KEY) or {"answers": {}, "people": []}

    def save(self) -> None:
        self.session[SESSION_KEY] = self.data
        self.session.modified = True

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)
        self.data = {"answers": {}, "people": []}

    def answers(self, step: str) -> dict[str, Any] | None:
        stored = self.data["answers"].get(step)
        return _decode(stored) if stored is not None else None

    def set_answers(self, step: str, cleaned: dict[str, Any]) -> None:
        self.data["answers"][step] = _encode(cleaned)
        self.save()

    @property
    def people(self) -> list[dict[str, Any]]:
        return [_decode(p) for p in self.data["people"]]

    def add_person(self, person: dict[str, Any]) -> None:
        self.data["people"].append(_encode(person))
        self.save()

    def remove_person(self, index: int) -> None:
        if 0 <= index < len(self.data["people"]):
            del self.data["people"][index]
            self.save()

    def has_person(self, person_id: int) -> bool:
        return any(p.get("person_id") == person_id for p in self.data["people"])

    def first_missing_step(self) -> str | None:
        for step, _title in STEPS:
            if step == "people":
                if not any(p["role"] == "child" for p in self.data["people"]):
                    return step
            elif step not in self.data["answers"]:
                return step
        return None

    def contact_data(self) -> dict[str, Any]:
        """The answers as contact_record's `data`."""
        data: dict[str, Any] = {}
        for step in ("caller", "consent", "worries", "need"):
            data.update(self.answers(step) or {})
        data.pop("received_on", None)
        data.pop("received_time", None)
        return data

    def person_entries(self) -> list[PersonEntry]:
        entries = []
        for p in self.people:
            entries.append(
                PersonEntry(
                    role=p["role"],
                    relationship=p.get("relationship", ""),
                    person_id=p.get("person_id"),
                    details=p.get("details") or {},
                )
            )
        return entries


def next_step(step: str) -> str | None:
    slugs = [s for s, _ in STEPS]
    i = slugs.index(step)
    return slugs[i + 1] if i + 1 < len(slugs) else None


def previous_step(step: str) -> str | None:
    slugs = [s for s, _ in STEPS]
    i = slugs.index(step)
    return slugs[i - 1] if i > 0 else None


# Which section a service's complaint about a field belongs to, for the check page.
FIELD_STEPS = {name: step for step, form in FORMS.items() for name in form.base_fields} | {
    "received_at": "caller",
    "children": "people",
    "adults": "people",
}
