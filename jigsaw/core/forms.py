"""GOV.UK Design System forms: every Django form renders through the GOV.UK macros.

Views keep forms thin (shape only); business rules come back from services as
ApplicationError and are attached to the form with `add_application_error`.
"""

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting

from .exceptions import ApplicationError


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input pattern)."""

    template_name = "core/forms/date_widget.html"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value: Any) -> list:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list:
        return [data.get(f"{name}-{part}", "").strip() for part in ("day", "month", "year")]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in ("day", "month", "year"))


# Years a date in Jigsaw can fall in. The earliest is older than anyone a record is about;
# the latest leaves room for the arithmetic done on dates (deadlines, 18th birthdays) without
# running past Python's last date, 31 December 9999.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2199

_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# "jan", "January", "sept": the GOV.UK date pattern asks us to accept month names too.
_MONTH_NAMES = {name: n for n, month in enumerate(_MONTHS, 1) for name in (month, month[:3])} | {"sept": 9}


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with the GOV.UK error messages.

    Whatever is typed, the answer is a date or a message for the error summary, never an
    exception: only ASCII digits are read as numbers (int() would also take "١٢", "1_0"
    and " -5"), the year must have 4 of them, and it must fall between `min_year` and
    `max_year`. Month names ("jan", "March") are accepted, as the GOV.UK pattern asks.
    """

    widget = GovukDateWidget

    def __init__(
        self,
        *,
        past_only: bool = False,
        min_year: int = EARLIEST_YEAR,
        max_year: int = LATEST_YEAR,
        **kwargs: Any,
    ) -> None:
        self.past_only = past_only
        self.min_year = min_year
        self.max_year = max_year
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, list | tuple):
            value = ["", "", ""]
        day, month, year = (str(part or "").strip() for part in [*value, "", "", ""][:3])
        label = _subject_of(self.label, "The date")
        if not (day or month or year):
            return None
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise forms.ValidationError(f"{label} must include a {' and '.join(missing)}")
        month = str(_MONTH_NAMES.get(month.lower(), month))
        if not all(_DIGITS.fullmatch(part) for part in (day, month, year)):
            raise forms.ValidationError(f"{label} must be a real date, written in numbers")
        if len(year) != 4:
            raise forms.ValidationError(f"{label} year must include 4 numbers")
        if not self.min_year <= int(year) <= self.max_year:
            raise forms.ValidationError(f"{label} year must be between {self.min_year} and {self.max_year}")
        if len(day) > 2 or len(month) > 2:
            raise forms.ValidationError(f"{label} must be a real date")
        try:
            value_date = dt.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise forms.ValidationError(f"{label} must be a real date") from None
        if self.past_only and value_date > dt.date.today():
            raise forms.ValidationError(f"{label} must be today or in the past")
        return value_date


def add_application_error(form: forms.Form, error: ApplicationError) -> None:
    """Put a service's refusal on the form, beside its field when it names one: every one of
    them, when the service gathered several (`refusals()`), so all are shown at once."""
    for one in error.errors:
        field = one.field if one.field in form.fields else None
        form.add_error(field, one.message)


# Messages written from a field's label. A label may be a phrase ("Date of birth") or a question
# ("Is the role paid or voluntary?"): "Enter is the role paid or voluntary?" is not English, so a
# question is quoted instead. A field can still say exactly what it means with
# error_messages={"required": ...}, and should where the wording matters.


def _label(label: Any) -> str:
    for suffix in (" (optional)", " (if known)"):
        label = str(label or "").removesuffix(suffix)
    return label.strip()


def _is_question(label: str) -> bool:
    return label.endswith("?") or "?" in label.rsplit("(", 1)[0]


def _lower_first(text: str) -> str:
    """ "Date of birth" -> "date of birth", but "LADO officer" and "NHS number" stay as they are."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _subject_of(label: Any, question_subject: str) -> str:
    """A label as the subject of a sentence ("Date of birth must include a year")."""
    text = _label(label)
    if not text or _is_question(text):
        return question_subject
    return text[:1].upper() + text[1:]


def required_message(field: forms.Field) -> str:
    label = _label(field.label) or "this"
    choosing = isinstance(
        field.widget, forms.Select | forms.RadioSelect | forms.CheckboxInput | forms.CheckboxSelectMultiple
    )
    if _is_question(label):
        return f"Select an answer to \u201c{label}\u201d" if choosing else f"Enter an answer to \u201c{label}\u201d"
    if isinstance(field.widget, forms.CheckboxInput):
        return f"Select \u201c{label}\u201d to go on"
    return f"{'Select' if choosing else 'Enter'} {_lower_first(label)}"


_EXAMPLE = re.compile(r"(?P<day>\d{1,2}) (?P<month>\d{1,2}) (?P<year>\d{4})")


def past_example_hint(hint: str, today: dt.date) -> str:
    """A past-only date's hint gives an example in the past (not "For example, 27 3 2027")."""
    found = _EXAMPLE.search(hint)
    if found is None:
        return hint
    day, month, year = int(found["day"]), int(found["month"]), int(found["year"])
    try:
        example = dt.date(year, month, day)
    except ValueError:
        return hint
    if example < today:
        return hint
    return hint[: found.start()] + f"{day} {month} {today.year - 1}" + hint[found.end() :]


def widget_kind(bound_field: forms.BoundField) -> str:
    """Which GOV.UK component renders this field (used by core/forms/macros.html)."""
    widget = bound_field.field.widget
    if isinstance(widget, GovukDateWidget):
        return "date"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    # CheckboxSelectMultiple is a subclass of RadioSelect in Django: ask about it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


class GovukForm(forms.Form):
    """A form whose built-in messages follow the GOV.UK style ("Name must be 200 characters or fewer").

    `reveal` declares conditional questions (GOV.UK conditional radios and checkboxes): for a
    radios or checkboxes field, the answers that need more, and the fields they reveal, shown
    beneath that answer rather than always on the page:
        reveal = {"invitation": {"not_invited": ["not_invited_reason"]}}
    A revealed field is still checked by the form: make it optional and require it in clean()
    for the answer that needs it.
    """

    reveal: dict[str, dict[str, list[str]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = dt.date.today()
        for field in self.fields.values():
            label = _label(field.label) or "This"
            if (
                "required" not in getattr(field, "_custom_messages", ())
                and field.error_messages.get("required") == "This field is required."
            ):
                field.error_messages["required"] = required_message(field)
            if field.error_messages.get("invalid_choice", "").startswith("Select a valid choice"):
                field.error_messages["invalid_choice"] = (
                    f"Choose one of the answers to \u201c{label}\u201d"
                    if _is_question(label)
                    else f"Choose one of the options for {_lower_first(label)}"
                )
            for validator in field.validators:
                if isinstance(validator, MaxLengthValidator):
                    validator.message = (
                        f"{_subject_of(label, 'The answer')} must be {validator.limit_value} characters or fewer"
                    )
            if isinstance(field, GovukDateField) and field.past_only and field.help_text:
                field.help_text = past_example_hint(str(field.help_text), today)

    def revealed_fields(self) -> set[str]:
        """The fields shown beneath an answer, not in the form's own order."""
        return {name for answers in self.reveal.values() for names in answers.values() for name in names}


def revealed_by(form: forms.Form, bound_field: forms.BoundField) -> dict[str, list[forms.BoundField]]:
    """For a radios or checkboxes field: each answer's revealed fields (used by core/forms/macros.html)."""
    answers = getattr(form, "reveal", {}).get(bound_field.name, {})
    return {str(value): [form[name] for name in names] for value, names in answers.items()}


def revealed_fields(form: forms.Form) -> set[str]:
    return form.revealed_fields() if hasattr(form, "revealed_fields") else set()


# ASCII digits only: \d would also match "١٢", which int() then reads as 12.
_TIME = re.compile(r"^(?P<h>\d{1,2})(?:[:.]?(?P<m>\d{2}))?\s*(?P<ampm>am|pm)?$", re.ASCII)


class TimeField(forms.CharField):
    """A time typed as people write it: 14:30, 1430, 2:30pm, 2pm, 9.15am, midday."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}))
        kwargs.setdefault("help_text", "For example, 9:30am or 14:00")
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.time | None:  # type: ignore[override]
        text = (super().to_python(value) or "").strip().lower().replace(" ", "")
        if not text:
            return None
        if text in ("midday", "noon", "12noon"):
            return dt.time(12, 0)
        label = _subject_of(self.label, "The time")
        match = _TIME.fullmatch(text)
        if not match:
            raise forms.ValidationError(f"{label} must be a time, like 9:30am or 14:00")
        hour, minute, ampm = int(match["h"]), int(match["m"] or 0), match["ampm"]
        if ampm:
            if not 1 <= hour <= 12:
                raise forms.ValidationError(f"{label} must be a real time: with am or pm, the hour is 1 to 12")
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        if hour > 23 or minute > 59:
            raise forms.ValidationError(f"{label} must be a real time, like 9:30am or 14:00")
        return dt.time(hour, minute)
