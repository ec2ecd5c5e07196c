"""Reading API requests: JSON bodies and query strings, refused with one clear message."""

import json

from webargs import core
from webargs.flaskparser import FlaskParser

from ..services.errors import InvalidInput

NOT_AN_OBJECT = "the request body must be a JSON object"
TOO_DEEP = "the JSON body is nested too deeply"


class JsonBodyParser(FlaskParser):
    """webargs' parser, answering 400 ``{"error"}`` instead of 422 with a nested dict."""

    DEFAULT_VALIDATION_STATUS = 400

    def load_json(self, req, schema):
        body = req.get_data(cache=True)
        if not body:
            # An empty body is an empty object when every field is optional (approve).
            if any(field.required for field in schema.fields.values()):
                raise InvalidInput(NOT_AN_OBJECT)
            return core.missing
        if not req.is_json:
            raise InvalidInput(NOT_AN_OBJECT)
        try:
            data = json.loads(body)
        except RecursionError:
            raise InvalidInput(TOO_DEEP) from None
        except ValueError as exc:
            raise InvalidInput(f"the request body is not valid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise InvalidInput(NOT_AN_OBJECT)
        return data

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        raise InvalidInput(describe(error.messages))


def describe(messages) -> str:
    """``{"json": {"text": ["must be a string"]}}`` -> ``'text' must be a string``."""
    # The top level names the location (json, query); the field names say enough.
    parts = [part for errors in messages.values() for part in _flatten(errors, ())]
    return "; ".join(sorted(parts))


def _flatten(errors, path: tuple[str, ...]):
    if isinstance(errors, dict):
        for key, value in errors.items():
            yield from _flatten(value, path if key == "_schema" else (*path, str(key)))
    elif isinstance(errors, list):
        for error in errors:
            yield from _flatten(error, path)
    else:
        yield f"'{'.'.join(path)}' {errors}" if path else str(errors)
