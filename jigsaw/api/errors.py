"""The error bodies the API returns, as the OpenAPI document describes them, and the code that makes
every error on an API path one of them (never Django's HTML pages).

Two shapes, and only two:
- `{"detail": "..."}` for 401, 403, 404, 405, 406, 415 and 429;
- one list of messages per field for 400, `{"field": ["message", ...]}`, with `non_field_errors`
  for the request as a whole. A list of objects in a body (a contact's children) is answered
  by position: `{"children": {"0": {"date_of_birth": ["..."]}}}`.
"""

from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

DETAIL_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, in plain English"}},
    "required": ["detail"],
    "additionalProperties": False,
}
_MESSAGES = {"type": "array", "items": {"type": "string"}, "description": "Plain-English messages"}
_BY_FIELD = {
    "type": "object",
    "description": "Messages per field of one item",
    "additionalProperties": _MESSAGES,
}
VALIDATION_SCHEMA = {
    "type": "object",
    "description": (
        "One list of plain-English messages per query parameter or field that was wrong; `non_field_errors` "
        "for a problem with the request as a whole. For a list of objects in the body (a contact's `children`), "
        "an object of the items that were wrong, keyed by their position from 0, each with its messages per field."
    ),
    "additionalProperties": {
        "anyOf": [
            _MESSAGES,
            {
                "type": "object",
                "description": "Messages for the parts of a field that is itself an object or a list",
                "additionalProperties": {"anyOf": [_MESSAGES, _BY_FIELD]},
            },
        ]
    },
}

UNAUTHENTICATED = OpenApiResponse(
    response=DETAIL_SCHEMA,
    description="No token, or the token is not valid, has expired or has been revoked.",
    examples=[
        OpenApiExample("No token", value={"detail": "Authentication credentials were not provided."}),
        OpenApiExample(
            "Revoked token", value={"detail": "This token has been revoked. Ask your administrator for a new one."}
        ),
    ],
)
FORBIDDEN = OpenApiResponse(
    response=DETAIL_SCHEMA,
    description="The token's user holds a role that may not use the API (for example an analyst).",
    examples=[OpenApiExample("Role may not use the API", value={"detail": "Your role does not include using the API"})],
)
NOT_FOUND = OpenApiResponse(
    response=DETAIL_SCHEMA,
    description=(
        "No record with this id is visible to the token's user. The same answer is given for a record that "
        "does not exist, one the user is not involved with, a restricted record, and an id that is not a "
        "whole number."
    ),
    examples=[OpenApiExample("Not visible", value={"detail": "Not found."})],
)
VALIDATION = OpenApiResponse(
    response=VALIDATION_SCHEMA,
    description="The request was not valid; nothing was changed.",
    examples=[
        OpenApiExample(
            "Impossible date",
            value={"date_of_birth": ["Date of birth must be a real date, written as YYYY-MM-DD, like 2015-03-27"]},
        ),
        OpenApiExample("Not JSON", value={"non_field_errors": ["The request body is not valid JSON: Expecting value"]}),
    ],
)
NOT_ACCEPTABLE = OpenApiResponse(
    response=DETAIL_SCHEMA,
    description="The request's Accept header does not allow JSON, the only kind of answer the API gives.",
)
UNSUPPORTED_MEDIA_TYPE = OpenApiResponse(
    response=DETAIL_SCHEMA,
    description="The body was not sent as application/json, the only kind the API reads.",
    examples=[OpenApiExample("Form", value={"detail": 'Unsupported media type "text/plain" in request.'})],
)
THROTTLED = OpenApiResponse(
    response=DETAIL_SCHEMA,
    description="Too many requests from this user; wait the number of seconds in the Retry-After header.",
)


def validation_response(description: str, examples: list[OpenApiExample]) -> OpenApiResponse:
    """A 400 with an operation's own description and examples, in the one validation shape."""
    return OpenApiResponse(response=VALIDATION_SCHEMA, description=description, examples=examples)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with the two shapes above kept for the errors DRF words differently.

    - A body that is not JSON (DRF: `{"detail": "JSON parse error - ..."}`) is a 400 like any other
      invalid request, so a client reads one shape for 400.
    - Every 404 says only "Not found.": `get_object_or_404` would otherwise name the model, and a
      404 must never hint at what kind of record was (or was not) there.
    """
    if isinstance(exc, exceptions.ParseError):
        reason = str(exc.detail).removeprefix("JSON parse error - ")
        exc = exceptions.ValidationError({"non_field_errors": [f"The request body is not valid JSON: {reason}"]})
    elif isinstance(exc, Http404 | exceptions.NotFound):
        exc = exceptions.NotFound()
    return exception_handler(exc, context)


@csrf_exempt  # a POST to a mistyped address is answered 404 like a GET, not refused as a forged form
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any /api/v1/ address that is not an endpoint (including an id that is not a whole number): JSON, not HTML."""
    return JsonResponse({"detail": exceptions.NotFound.default_detail}, status=status.HTTP_404_NOT_FOUND)
