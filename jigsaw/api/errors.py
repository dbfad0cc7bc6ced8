"""The error bodies the API returns, as the OpenAPI document describes them."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse

_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, in plain English"}},
    "required": ["detail"],
}

UNAUTHENTICATED = OpenApiResponse(
    response=_DETAIL,
    description="No token, or the token is not valid, has expired or has been revoked.",
    examples=[
        OpenApiExample("No token", value={"detail": "Authentication credentials were not provided."}),
        OpenApiExample(
            "Revoked token", value={"detail": "This token has been revoked. Ask your administrator for a new one."}
        ),
    ],
)
FORBIDDEN = OpenApiResponse(
    response=_DETAIL,
    description="The token's user holds a role that may not use the API (for example an analyst).",
    examples=[OpenApiExample("Role may not use the API", value={"detail": "Your role does not include using the API"})],
)
NOT_FOUND = OpenApiResponse(
    response=_DETAIL,
    description=(
        "No person with this id is visible to the token's user. The same answer is given for a person who "
        "does not exist, one the user is not involved with, and a restricted record."
    ),
    examples=[OpenApiExample("Not visible", value={"detail": "Not found."})],
)
VALIDATION = OpenApiResponse(
    response={
        "type": "object",
        "description": (
            "One list of plain-English messages per query parameter that was wrong; "
            "`non_field_errors` for a problem with the query as a whole."
        ),
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    description="The query was not valid.",
    examples=[
        OpenApiExample(
            "Impossible date",
            value={"date_of_birth": ["Date of birth must be a real date, written as YYYY-MM-DD, like 2015-03-27"]},
        ),
        OpenApiExample("Empty query", value={"non_field_errors": ["Enter at least one detail to search for"]}),
    ],
)
THROTTLED = OpenApiResponse(
    response=_DETAIL,
    description="Too many requests from this user; wait the number of seconds in the Retry-After header.",
)
