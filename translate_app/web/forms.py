"""Reading values from submitted forms, bounded before they reach a service or the database."""

import re
from pathlib import PurePath

from flask import request
from flask_babel import gettext
from werkzeug.exceptions import RequestEntityTooLarge

from ..domain.limits import DB_INT_MAX
from ..extensions import csrf
from ..services import articles, importing
from ..services.errors import InvalidInput

_DIGITS = re.compile(r"[0-9]{1,10}")


def revision_field(name: str = "base_revision", *, required: bool) -> int | None:
    """The revision a form was based on: a whole number a database column can hold.

    Anything else (negative, past 2**31-1, not a number) is refused with InvalidInput,
    never passed on: a number past 2**63 made the database driver fail with a 500.
    """
    raw = request.form.get(name, "")
    if not raw and not required:
        return None
    value = int(raw) if _DIGITS.fullmatch(raw) else -1
    if not 0 <= value <= DB_INT_MAX:
        raise InvalidInput(
            gettext(
                "the form's %(name)s must be a whole number from 0 to %(max)d, "
                "not %(raw)s: reload the page and try again",
                name=name,
                max=DB_INT_MAX,
                raw=repr(raw[:20]),
            )
        )
    return value


#: Room for a form's other fields and the multipart framing around an uploaded file.
FORM_ALLOWANCE = 64 * 1024


def uploaded_file(missing: str, field: str = "file") -> tuple[str, bytes]:
    """The form's ``field`` file: its bare name and at most the import limit plus one byte.

    One byte past the limit is enough to refuse; the rest is never read. ``missing``
    is the message when no file was chosen.
    """
    upload = request.files.get(field)
    if upload is None or not upload.filename:
        raise InvalidInput(missing)
    name = PurePath(upload.filename.replace("\\", "/")).name
    data = upload.stream.read(importing.max_import_bytes() + 1)
    importing.check_import_size(name, len(data))
    return name, data


def language_pair() -> tuple[str, str]:
    """The language pair a memory or glossary page is about: ``pair=en>ko`` from its
    picker, or ``source_lang`` and ``target_lang``; the first known pair otherwise."""
    pairs = articles.language_pairs()
    picked = request.values.get("pair", "")
    if ">" in picked:
        wanted = tuple(picked.split(">", 1))
    else:
        wanted = (request.values.get("source_lang", ""), request.values.get("target_lang", ""))
    return wanted if wanted in pairs else pairs[0]


def large_upload(missing: str) -> tuple[str, bytes]:
    """The form's file, for a view exempt from the app-wide CSRF check (``csrf.exempt``)
    that takes files as large as an import: the body limit is raised to fit one before
    the form is read, the CSRF token checked then, and a body past it refused by name."""
    request.max_content_length = importing.max_import_bytes() + FORM_ALLOWANCE
    try:
        csrf.protect()
        return uploaded_file(missing)
    except RequestEntityTooLarge:
        raise InvalidInput(importing.too_large("the file")) from None
