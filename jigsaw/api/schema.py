"""How the partner API describes itself: drf-spectacular's AutoSchema, told the rules the server keeps.

- A request body that refuses unknown fields (serializers.StrictSerializer) says
  `additionalProperties: false`.
- An optional query parameter may be sent empty (`?given_name=`), which is the same as leaving it
  out: `allowEmptyValue: true`.
- Every operation documents every error it can answer with, in the shapes of jigsaw.api.errors:
  400 (when it takes parameters or a body), 401, 403, 404 (when its path names a record), 406,
  415 (when it takes a body) and 429. An operation's own description of an error is kept.
"""

import re
from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, get_doc
from drf_spectacular.utils import OpenApiResponse

from . import errors
from .serializers import QuerySerializer, StrictSerializer

# The two error shapes, each one named component of the document rather than repeated in every answer.
_ERROR_COMPONENTS = {id(errors.DETAIL_SCHEMA): "Error", id(errors.VALIDATION_SCHEMA): "ValidationErrors"}

_BASE_DOCS = {get_doc(StrictSerializer), get_doc(QuerySerializer)}


class JigsawAutoSchema(AutoSchema):
    def _get_response_for_code(
        self, serializer: Any, status_code: str, media_types: Any = None, direction: str = "response"
    ) -> dict:
        if isinstance(serializer, OpenApiResponse) and id(serializer.response) in _ERROR_COMPONENTS:
            component = ResolvedComponent(
                name=_ERROR_COMPONENTS[id(serializer.response)],
                type=ResolvedComponent.SCHEMA,
                schema=serializer.response,
                object=_ERROR_COMPONENTS[id(serializer.response)],
            )
            self.registry.register_on_missing(component)
            serializer = OpenApiResponse(
                response=component.ref, description=serializer.description, examples=serializer.examples
            )
        return super()._get_response_for_code(serializer, status_code, media_types, direction)

    def _map_basic_serializer(self, serializer: Any, direction: str) -> dict:
        schema = super()._map_basic_serializer(serializer, direction)
        if schema.get("description") in _BASE_DOCS:
            del schema["description"]  # inherited from our base classes: about the code, not this body
        if direction == "request" and isinstance(serializer, StrictSerializer):
            schema["additionalProperties"] = False
        return schema

    def _insert_field_validators(self, field: Any, schema: dict) -> None:
        super()._insert_field_validators(field, schema)
        # drf-spectacular writes optional patterned text as oneOf[pattern, empty string]; when the pattern
        # also matches the empty string, "" matches both and oneOf would call it invalid. anyOf is what is meant.
        if "oneOf" in schema and schema["oneOf"][-1:] == [{"type": "string", "maxLength": 0}]:
            inner = schema["oneOf"][0]
            if "format" not in inner and not inner.get("minLength") and re.search(inner.get("pattern", ""), ""):
                del schema["oneOf"]
                schema.update(inner)  # the empty string is already allowed: no need to say it twice
            else:
                schema["anyOf"] = schema.pop("oneOf")

    def _get_parameters(self) -> list[dict]:
        parameters = super()._get_parameters()
        for parameter in parameters:
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        return parameters

    def _get_response_bodies(self, direction: str = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        takes_body = self.method in ("POST", "PUT", "PATCH")
        standard = {
            "400": errors.VALIDATION if (takes_body or self._get_parameters()) else None,
            "401": errors.UNAUTHENTICATED,
            "403": errors.FORBIDDEN,
            "404": errors.NOT_FOUND if "{" in self.path else None,
            "406": errors.NOT_ACCEPTABLE,
            "415": errors.UNSUPPORTED_MEDIA_TYPE if takes_body else None,
            "429": errors.THROTTLED,
        }
        for code, response in standard.items():
            if response is not None and code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return dict(sorted(responses.items()))
