"""An article's catalog as a file to download: PO, POT, MO, XLIFF 1.2 and 2.0, TMX."""

from dataclasses import dataclass

from ..domain.catalogs import Selection
from ..domain.exchange import ExchangeFormatError
from ..domain.tmx import tmx_units_from_document, write_tmx
from ..domain.xliff import write_xliff12, write_xliff20
from ..models import Article
from .compiling import export_time, load_catalog
from .errors import InvalidInput
from .exchange_files import exchange_document

#: Format name -> (file extension, media type).
CATALOG_FORMATS = {
    "po": ("po", "text/x-gettext-translation; charset=utf-8"),
    "pot": ("pot", "text/x-gettext-translation; charset=utf-8"),
    "mo": ("mo", "application/x-gettext-translation"),
    "xliff12": ("xlf", "application/xliff+xml"),
    "xliff20": ("xlf", "application/xliff+xml"),
    "tmx": ("tmx", "application/x-tmx+xml"),
}
EXCHANGE_WRITERS = {"xliff12": write_xliff12, "xliff20": write_xliff20}


@dataclass(frozen=True)
class ExportedFile:
    filename: str
    mimetype: str
    data: bytes


def export_catalog(
    article: Article, lang: str | None, fmt: str, *, include_unapproved: bool = False
) -> ExportedFile:
    """The file, as of now. A PO carries the time it was made, so that its upload can
    tell a text changed in the app since from one changed in the file."""
    if fmt not in CATALOG_FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}: use one of {', '.join(CATALOG_FORMATS)}")
    extension, mimetype = CATALOG_FORMATS[fmt]
    if fmt == "pot":
        catalog = load_catalog(article, None)
        return ExportedFile(f"{article.slug}.pot", mimetype, catalog.po())
    if not lang:
        raise InvalidInput(f"name the target language of the {fmt} file (--lang)")
    if fmt in EXCHANGE_WRITERS or fmt == "tmx":
        document = exchange_document(
            article, lang, include_unapproved=include_unapproved, created=export_time()
        )
        try:
            if fmt == "tmx":
                data = write_tmx(
                    tmx_units_from_document(document),
                    source_lang=article.source_lang,
                    created=document.created,
                )
            else:
                data = EXCHANGE_WRITERS[fmt](document)
        except ExchangeFormatError as exc:
            # Saves and imports refuse what XML cannot hold; this is the last guard.
            raise InvalidInput(f"{article.slug} cannot be written as {fmt}: {exc}") from None
        suffix = "" if fmt == "tmx" else f".{fmt.removeprefix('xliff')}"
        return ExportedFile(f"{article.slug}.{lang}{suffix}.{extension}", mimetype, data)
    selection = Selection.UNAPPROVED if include_unapproved else Selection.APPROVED
    catalog = load_catalog(article, lang, selection, exported_at=export_time())
    data = catalog.po() if fmt == "po" else catalog.mo()
    return ExportedFile(f"{article.slug}.{lang}.{extension}", mimetype, data)
