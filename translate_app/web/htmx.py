"""The one place that reads and writes htmx headers."""

import json

from flask import make_response, render_template, request


def is_htmx() -> bool:
    # A history restore wants the whole page, not a fragment.
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def page_or_fragment(page: str, fragment: str, status: int = 200, **context):
    """One URL, two renderings: the full page, or the fragment htmx swaps in."""
    response = make_response(render_template(fragment if is_htmx() else page, **context), status)
    response.vary.add("HX-Request")
    return response


def fragment(template: str, status: int = 200, *, trigger: str | None = None, **context):
    """A fragment for an htmx swap; ``trigger`` fires an event that other parts listen to."""
    response = make_response(render_template(template, **context), status)
    if trigger:
        response.headers["HX-Trigger"] = json.dumps({trigger: True})
    return response


def redirect(url: str):
    """Tell htmx to navigate (a plain 303 would be followed inside the swap)."""
    if is_htmx():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    response = make_response("", 303)
    response.headers["Location"] = url
    return response
