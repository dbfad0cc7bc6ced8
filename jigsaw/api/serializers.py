"""Input fields and serializers for the partner API that refuse exactly what the OpenAPI document says.

DRF is lenient by default: a number is taken as text, "1_000" as a whole number, unknown
fields are dropped, "2015-3-7" is a date. A partner's system reads the document to know what
it may send, so these fields accept what the document allows and refuse the rest with a
plain-English message, and they describe themselves (patterns, bounds, `additionalProperties`)
through drf-spectacular so that the document and the server cannot drift apart.
schemathesis (jigsaw/api/tests/test_schemathesis.py) checks that they agree.
"""

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

# The largest id the database can hold (a 64-bit signed integer): a bigger one is nobody.
MAX_ID = 2**63 - 1

# No NUL anywhere (PostgreSQL cannot store it); and, for text that must be given, at least one
# character that is not a space. Python's \s is str.isspace(), so this is the same test as strip().
_NO_NUL = r"^[^\x00]*$"
_NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"
_DIGITS = re.compile(r"^[0-9]+$")
_SIGNED_DIGITS = re.compile(r"^-?[0-9]+$")
_FULL_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DATE_TIME = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)


def _lower_first(label: str) -> str:
    return label[0].lower() + label[1:] if label else label


class _TextPattern(RegexValidator):
    """The pattern the document shows for a text field, with a message that says which rule was broken."""

    def __init__(self, *, required: bool, blank_message: str, nul_message: str, pattern: str = "", message: str = ""):
        if pattern:
            super().__init__(pattern, message)
        else:
            super().__init__(_NOT_BLANK if required else _NO_NUL, blank_message if required else nul_message)
        self.nul_message = nul_message

    def __call__(self, value: Any) -> None:
        if "\x00" in str(value):
            raise DjangoValidationError(self.nul_message, code="nul")
        super().__call__(value)


class Text(serializers.CharField):
    """Text as sent: a JSON string (not a number), no NUL character, no more than max_length
    characters counted as sent; surrounding spaces are then trimmed.

    `required=True` text must contain something other than spaces ("blank"), and says so in the
    document with a pattern; optional text may be empty or left out. `pattern` (with `pattern_message`)
    is a stricter rule for text that is a code or list of codes; it must itself exclude NUL.
    """

    def __init__(
        self,
        label: str,
        *,
        max_length: int,
        required: bool = False,
        pattern: str = "",
        pattern_message: str = "",
        **kwargs: Any,
    ) -> None:
        self.label_text = label
        blank = f"Enter {_lower_first(label)}"
        messages = {
            "required": blank,
            "blank": blank,
            "null": blank,
            "invalid": f"{label} must be text",
            "max_length": f"{label} must be {max_length:,} characters or fewer",
            **kwargs.pop("error_messages", {}),
        }
        kwargs.setdefault("help_text", label)
        super().__init__(
            required=required,
            allow_blank=not required,
            max_length=max_length,
            trim_whitespace=False,  # lengths and blankness are judged on the text as sent, then trimmed
            error_messages=messages,
            **kwargs,
        )
        # One pattern per field (the document can carry only one), so it replaces DRF's own NUL check.
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        self.validators.insert(
            0,
            _TextPattern(
                required=required,
                blank_message=messages["blank"],
                nul_message=f"{label} must not contain a NUL character",
                pattern=pattern,
                message=pattern_message,
            ),
        )

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return data

    def run_validation(self, data: Any = empty) -> Any:
        value = super().run_validation(data)
        return value.strip() if isinstance(value, str) else value


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class RecordId(serializers.IntegerField):
    """The id of a record: a JSON whole number (not "12", not 12.0, not true), 1 or more."""

    def __init__(self, label: str, **kwargs: Any) -> None:
        message = f"{label} must be a whole number, the id of a record"
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"] = {
            "invalid": message,
            "min_value": message,
            "max_value": message,
            "max_string_length": message,
            "required": f"Enter {_lower_first(label)}",
            "null": f"Enter {_lower_first(label)}",
            **kwargs["error_messages"],
        }
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return data


class QueryWholeNumber(serializers.IntegerField):
    """A whole number in a query string: digits only (DRF would also take "1_000", " 5" or "٣")."""

    def to_internal_value(self, data: Any) -> int:
        text = str(data)
        if not _SIGNED_DIGITS.match(text) or len(text) > 20:
            self.fail("invalid")
        return int(text)


class Date(serializers.DateField):
    """A date written as YYYY-MM-DD and nothing else (Python would also read "20150327" or "2015-W13-5")."""

    def __init__(self, label: str, **kwargs: Any) -> None:
        message = f"{label} must be a real date, written as YYYY-MM-DD, like 2015-03-27"
        kwargs["error_messages"] = {
            "invalid": message,
            "datetime": message,
            "required": f"Enter {_lower_first(label)}",
            "null": f"Enter {_lower_first(label)}",
            **kwargs.get("error_messages", {}),
        }
        kwargs.setdefault("help_text", f"{label}, as YYYY-MM-DD")
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> dt.date:
        if not isinstance(value, str) or not _FULL_DATE.match(value):
            self.fail("invalid")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail("invalid")
        raise AssertionError("unreachable")  # pragma: no cover (self.fail raises)


class DateTime(serializers.DateTimeField):
    """A moment written as RFC 3339 says, with its time zone: 2026-11-21T14:30:00Z or 2026-11-21T14:30:00+01:00.

    Without a time zone the moment is ambiguous (is 01:30 on the day the clocks go back BST or GMT?),
    so it is refused rather than guessed.
    """

    def __init__(self, label: str, **kwargs: Any) -> None:
        message = f"{label} must be a date and time, like 2026-11-21T14:30:00Z"
        kwargs["error_messages"] = {
            "invalid": message,
            "date": message,
            "overflow": message,
            "make_aware": message,
            "required": f"Enter {_lower_first(label)}",
            "null": f"Enter {_lower_first(label)}",
            **kwargs.get("error_messages", {}),
        }
        kwargs.setdefault("help_text", f"{label} (RFC 3339, with the time zone)")
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> dt.datetime:
        if not isinstance(value, str) or not _DATE_TIME.match(value):
            self.fail("invalid")
        try:
            parsed = dt.datetime.fromisoformat(value.upper())
        except ValueError:
            self.fail("invalid")
        return self.enforce_timezone(parsed)


class Choice(serializers.ChoiceField):
    """One of a list of codes, given as a JSON string exactly as listed."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class StrictSerializer(serializers.Serializer):
    """A request body (or part of one) that refuses fields it does not know, rather than ignoring them.

    A typo ("dob" for "date_of_birth") would otherwise be dropped silently. The OpenAPI
    document says `additionalProperties: false` for these (jigsaw.api.schema.JigsawAutoSchema).
    """

    # The message for a field it does not know: "shoe_size is not a field of a contact".
    unknown_message = "{key} is not a field. Use any of: {allowed}"
    default_error_messages = {
        "invalid": "Send a JSON object of fields and their values",
        "null": "Send a JSON object of fields and their values",
    }

    def run_validation(self, data: Any = empty) -> Any:
        if data is None and self.parent is None:  # a body of `null`: DRF would say only "No data provided"
            raise serializers.ValidationError({"non_field_errors": [self.error_messages["null"]]})
        return super().run_validation(data)

    def to_internal_value(self, data: Any) -> Any:
        unknown = sorted(str(key) for key in data if key not in self.fields) if isinstance(data, dict) else []
        allowed = ", ".join(self.fields)
        problems = {key: [self.unknown_message.format(key=key, allowed=allowed)] for key in unknown}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if problems and isinstance(error.detail, dict):
                raise serializers.ValidationError({**error.detail, **problems}) from None
            raise
        if problems:  # every problem at once: the fields that were wrong and those that are not fields
            raise serializers.ValidationError(problems)
        return value


class QuerySerializer(serializers.Serializer):
    """Query parameters: each may be left out or sent empty (the same thing); unknown ones are refused."""

    unknown_message = "{key} is not a parameter. Use any of: {allowed}"

    def validate(self, attrs: dict) -> dict:
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            allowed = ", ".join(self.fields)
            raise serializers.ValidationError(
                {key: [self.unknown_message.format(key=key, allowed=allowed)] for key in unknown}
            )
        return attrs


def query_data(request: Any) -> dict[str, str]:
    """The query parameters that were given a value: `?given_name=` is the same as leaving it out."""
    return {key: value for key, value in request.query_params.items() if value != ""}


class PurposeQuery(QuerySerializer):
    """?purpose=...: why the user is looking, recorded in the audit log."""

    purpose = Text("Purpose", max_length=200, help_text="Why you are looking, recorded in the audit log")


def purpose_from(request: Any) -> str:
    """The validated ?purpose= of a read (400 if it is too long or holds a NUL character).

    These reads have always ignored other parameters, so only this one is looked at."""
    serializer = PurposeQuery(data={k: v for k, v in query_data(request).items() if k == "purpose"})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data.get("purpose", "")
