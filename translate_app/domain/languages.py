"""Language codes, validated and named with Babel's locale data."""

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural


class LanguageError(ValueError):
    pass


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47 style, as used in URLs and the API: "ko", "zh-Hans"
    gettext_code: str  # POSIX style, as used in catalog folders and headers: "zh_Hans"
    english_name: str
    native_name: str

    @property
    def plural_forms(self) -> str:
        return get_plural(self.gettext_code).plural_forms


def parse_language(code: str) -> Language:
    """Return the language for ``code`` or raise LanguageError naming the problem."""
    raw = (code or "").strip()
    try:
        locale = Locale.parse(raw.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise LanguageError(
            f"unknown language code {code!r}: use a code such as en, ko, ja or zh-Hans"
        ) from None
    posix = str(locale)
    return Language(
        code=posix.replace("_", "-"),
        gettext_code=posix,
        english_name=locale.get_display_name("en") or posix,
        native_name=locale.get_display_name() or posix,
    )


def primary_subtag(code: str) -> str:
    """The language of a code without its script or region: "ko" of ko-KR, "zh" of zh_Hans."""
    return code.strip().replace("_", "-").split("-")[0].lower()
