"""The `<record_id:...>` path converter for API addresses: a record's id, 1 to the largest the database holds.

Django's `<int:...>` takes any run of digits, and an id too big for the database would reach
the query and fail there. This one does not match such an id, nor 0, so the address falls
through to the API's JSON 404 (jigsaw.api.errors.not_found), like an id that is not a number.
"""

from django.urls import register_converter
from drf_spectacular.utils import OpenApiParameter

from .serializers import MAX_ID


class RecordIdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)  # Django then tries the next pattern: in the API, the JSON 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RecordIdConverter, "record_id")


def record_id_parameter(name: str, description: str) -> OpenApiParameter:
    """How the OpenAPI document describes a `<record_id:name>` in a path."""
    return OpenApiParameter(
        name,
        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        OpenApiParameter.PATH,
        description=description,
    )


PERSON_ID = record_id_parameter("id", "The person's id")
