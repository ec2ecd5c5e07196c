"""An article's catalog as a file to download: PO, POT or MO (and the exchange formats)."""

from dataclasses import dataclass

from ..domain.catalogs import Selection
from ..models import Article
from .compiling import export_time, load_catalog
from .errors import InvalidInput

#: Format name -> (file extension, media type).
CATALOG_FORMATS = {
    "po": ("po", "text/x-gettext-translation; charset=utf-8"),
    "pot": ("pot", "text/x-gettext-translation; charset=utf-8"),
    "mo": ("mo", "application/x-gettext-translation"),
}


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
    selection = Selection.UNAPPROVED if include_unapproved else Selection.APPROVED
    catalog = load_catalog(article, lang, selection, exported_at=export_time())
    data = catalog.po() if fmt == "po" else catalog.mo()
    return ExportedFile(f"{article.slug}.{lang}.{extension}", mimetype, data)
