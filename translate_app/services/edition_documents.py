"""An edition as a reader gets it: laid out, with its mastheads worded in each language,
and rendered to every file format.

The words around the text (edition, byline, "not yet translated") come from the
interface's own catalogs, in the language of the text they stand beside, so a Korean
reader of an English-to-Korean edition reads "제2판" and "2026년 11월 27일" and the English
reader "Edition 2" and "November 27, 2026". A language the interface has no catalog
for gets English words and its own date format.
"""

from datetime import datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from flask import current_app
from flask_babel import force_locale, gettext

from ..domain.edition_docx import render_docx
from ..domain.edition_epub import render_epub
from ..domain.edition_html import body_html
from ..domain.editions import (
    LAYOUTS,
    EditionDocument,
    EditionSnapshot,
    Masthead,
    check_layout,
    keep_korean_words,
    render_markdown,
    shown_langs,
)
from .errors import InvalidInput

FORMATS = ("html", "md", "epub", "docx", "pdf")
# What a format shows when no layout is asked for. Markdown kept its interleaved order;
# an e-reader's narrow page reads best interleaved; the others are side by side.
DEFAULT_LAYOUTS = {
    "html": "side-by-side",
    "md": "interleaved",
    "epub": "interleaved",
    "docx": "side-by-side",
    "pdf": "side-by-side",
}
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "epub": "application/epub+zip",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    return fmt


def pick_layout(fmt: str, layout: str | None) -> str:
    """The layout asked for, or the format's own; an unknown one is refused by name."""
    if layout is None or layout == "":
        return DEFAULT_LAYOUTS[check_format(fmt)]
    try:
        return check_layout(layout)
    except ValueError:
        raise InvalidInput(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}") from None


def edition_document(snapshot: EditionSnapshot, layout: str) -> EditionDocument:
    langs = shown_langs(snapshot, check_layout(layout))
    with force_locale(_locale_name(langs[0])):
        untranslated = gettext("Not yet translated")
    return EditionDocument(
        edition=snapshot,
        layout=layout,
        mastheads=tuple(masthead(snapshot, lang) for lang in langs),
        untranslated=untranslated,
    )


def masthead(snapshot: EditionSnapshot, lang: str) -> Masthead:
    title = snapshot.title
    if lang == snapshot.target_lang and snapshot.translated_title is not None:
        title = snapshot.translated_title
    locale = _locale_name(lang)
    published = datetime.fromisoformat(snapshot.published_at).date()
    with force_locale(locale):
        credits = [
            gettext("translated by %(names)s", names=_names(snapshot.translators, locale)),
            gettext("approved by %(names)s", names=_names(snapshot.approvers, locale)),
            gettext("published by %(names)s", names=_names([snapshot.published_by], locale)),
        ]
        names = (snapshot.translators, snapshot.approvers, [snapshot.published_by])
        byline = ", ".join(text for text, who in zip(credits, names, strict=True) if any(who))
        edition = gettext("Edition %(number)d", number=snapshot.number)
    return Masthead(
        lang=lang,
        title=title,
        byline=byline[:1].upper() + byline[1:],
        date=format_date(published, format="long", locale=locale),
        edition=edition,
    )


def _names(names: list[str], locale: str) -> str:
    names = [name for name in names if name]
    return format_list(names, locale=locale) if names else ""


def _locale_name(lang: str) -> str:
    """Babel's name for a language code ("zh-Hans" -> "zh_Hans"); English if unknown."""
    try:
        return str(Locale.parse(lang.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return "en"


def render_edition(snapshot: EditionSnapshot, fmt: str, layout: str | None = None) -> bytes:
    """The file of an edition in a format and layout; the same bytes every time for
    text formats, so that a download can be cached by edition, format and layout."""
    layout = pick_layout(fmt, layout)
    document = edition_document(snapshot, layout)
    if fmt == "md":
        return render_markdown(document).encode()
    if fmt == "html":
        return render_html(document, standalone=True).encode()
    if fmt == "pdf":
        return render_pdf(document)
    if fmt == "epub":
        return render_epub(document)
    return render_docx(document)


def render_html(document: EditionDocument, *, standalone: bool, shape=None, **site) -> str:
    """The edition page. A file's few words of its own (the colophon) are in its main
    language; the reading site's are in the reader's. ``shape(text, lang)`` prepares
    each text for a renderer (the PDF's)."""
    template = current_app.jinja_env.get_template("publishing/edition.html")
    shape = shape or _as_is
    if not standalone:
        return template.render(
            doc=document, standalone=False, shape=shape, marked_body=body_html, **site
        )
    with force_locale(_locale_name(document.lang)):
        return template.render(doc=document, standalone=True, shape=shape, marked_body=body_html)


def _as_is(text: str, lang: str) -> str:
    return text


def _pdf_text(text: str, lang: str) -> str:
    # WeasyPrint does not honour word-break: keep-all; Korean words are joined instead.
    return keep_korean_words(text) if lang.split("-")[0] == "ko" else text


def render_pdf(document: EditionDocument) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only PDF needs.
    from weasyprint import HTML

    html = render_html(document, standalone=True, shape=_pdf_text)
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf()


def _no_fetching(url: str, *args, **kwargs):
    """The edition is self-contained: nothing in it may make the renderer fetch a URL."""
    raise ValueError(f"an edition file fetches nothing, not {url[:80]}")
