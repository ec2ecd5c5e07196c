"""Words and figures in the language of the user interface, for the templates."""

from babel import Locale, UnknownLocaleError
from flask import Flask
from flask_babel import format_decimal, get_locale, gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

ROLE_LABELS = {
    "translator": _l("translator"),
    "editor": _l("editor"),
    "admin": _l("admin"),
}


def N_(text: str) -> str:
    """Marks ``text`` for the catalog (``translate-app i18n extract``); translated later."""
    return text


# What static/app.js says in the status line and beside a box, by its English text.
SCRIPT_TEXT = (
    N_("No untranslated, draft or rejected segment below this one."),
    N_("Keeping your draft…"),
    N_("Draft kept %(time)s (not yet saved)"),
    N_("Someone saved this segment meanwhile: save to see both texts."),
    N_("Draft not kept: %(reason)s. Your text is still in the box."),
    N_("Draft not kept: the server could not be reached. Your text is still in the box."),
    N_("Refused (%(status)s)."),
    N_("The database is not answering: your text is still in the box. Save again in a moment."),
    N_("You are not allowed to do that."),
    N_("Log in again in another tab, then save."),
    N_("Refused (%(status)s): %(reason)s Your text is still in the box."),
    N_("The server could not be reached: your text is still in the box. Save again."),
)


def script_text() -> dict[str, str]:
    """The script's sentences in the interface's language (none in English: it has them)."""
    if str(get_locale()) == "en":
        return {}
    return {text: gettext(text) for text in SCRIPT_TEXT}


def language_name(code: str) -> str:
    """The name of the language ``code`` (a BCP 47 tag such as "ko" or "zh-Hans") in the
    interface's language: "Korean" in English, "한국어" in Korean; the code itself when
    Babel does not know it."""
    try:
        name = Locale.parse(str(code), sep="-").get_display_name(get_locale())
    except (UnknownLocaleError, ValueError):
        return str(code)
    return name or str(code)


def _has_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" for ch in text)


def lang_attr(message) -> Markup:
    """` lang="en"` on a message that stayed in English on a Korean page.

    The services' refusals are not translated yet: marked so, a screen reader reads
    them in English and ``<html lang>`` stays true of everything else.
    """
    if str(get_locale()) == "ko" and not _has_hangul(str(message)):
        return Markup(' lang="en"')
    return Markup("")


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def init_formatting(app: Flask) -> None:
    app.jinja_env.filters.update(language_name=language_name, number=format_decimal)
    app.jinja_env.globals.update(
        role_label=role_label, script_text=script_text, lang_attr=lang_attr
    )
