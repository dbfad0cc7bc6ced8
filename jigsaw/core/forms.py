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


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with the GOV.UK error messages."""

    widget = GovukDateWidget

    def __init__(self, *, past_only: bool = False, **kwargs: Any) -> None:
        self.past_only = past_only
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        day, month, year = (value or ["", "", ""])[:3]
        label = (self.label or "Date").capitalize()
        if not (day or month or year):
            return None
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise forms.ValidationError(f"{label} must include a {' and '.join(missing)}")
        try:
            d, m, y = int(day), int(month), int(year)
        except ValueError:
            raise forms.ValidationError(f"{label} must be a real date, written in numbers") from None
        if y < 1000:
            raise forms.ValidationError(f"{label} year must include 4 numbers")
        try:
            value_date = dt.date(y, m, d)
        except ValueError:
            raise forms.ValidationError(f"{label} must be a real date") from None
        if self.past_only and value_date > dt.date.today():
            raise forms.ValidationError(f"{label} must be today or in the past")
        return value_date


def add_application_error(form: forms.Form, error: ApplicationError) -> None:
    """Put a service's refusal on the form, beside its field when it names one."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


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
    """A form whose built-in messages follow the GOV.UK style ("Name must be 200 characters or fewer")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label or "This").removesuffix(" (optional)")
            if (
                "required" not in getattr(field, "_custom_messages", ())
                and field.error_messages.get("required") == "This field is required."
            ):
                field.error_messages["required"] = f"Enter {label[0].lower() + label[1:]}"
            if field.error_messages.get("invalid_choice", "").startswith("Select a valid choice"):
                field.error_messages["invalid_choice"] = f"Choose one of the options for {label[0].lower() + label[1:]}"
            for validator in field.validators:
                if isinstance(validator, MaxLengthValidator):
                    validator.message = f"{label} must be {validator.limit_value} characters or fewer"


_TIME = re.compile(r"^(?P<h>\d{1,2})(?:[:.]?(?P<m>\d{2}))?\s*(?P<ampm>am|pm)?$")


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
        label = str(self.label or "Time").removesuffix(" (optional)")
        match = _TIME.match(text)
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
