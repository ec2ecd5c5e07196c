"""Gettext catalogs of an article: the POT template, a PO per target language, the MO.

Each entry: ``msgctxt`` is the segment's stable key, so identical paragraphs (in
one article or in two) never collide; ``msgid`` the source text; ``msgstr`` the
translation. Extracted comments name the article, the paragraph and its kind; the
reference is ``slug:paragraph``.

A catalog's bytes depend only on what it holds: the revision date is that of the
newest translation in it, not the time of writing, so compiling an unchanged
article gives the same file and the file need not be written again.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

import polib

from .languages import Language
from .mo import write_mo
from .po import POEntry, write_po

PO_DATE_FORMAT = "%Y-%m-%d %H:%M%z"
GENERATOR = "translate_app 0.1.0"


class Selection(Enum):
    """Which translations an exported catalog carries."""

    APPROVED = "approved"  # compile and publish: approved versions only
    UNAPPROVED = "unapproved"  # also translated ones, and drafts marked fuzzy


@dataclass(frozen=True)
class CatalogEntry:
    key: str
    source: str
    translation: str
    position: int
    kind: str
    fuzzy: bool = False
    previous_source: str | None = None  # the source the translation was made for


@dataclass(frozen=True)
class CatalogInfo:
    domain: str
    title: str
    source_lang: str
    language: Language | None  # None: the template (POT)
    created: datetime
    revised: datetime | None = None
    last_translator: str = ""
    report_bugs_to: str = ""
    exported_at: datetime | None = None  # written into downloads, read back on upload


def header_fields(info: CatalogInfo) -> dict[str, str]:
    language = info.language
    fields = {
        "Project-Id-Version": info.domain,
        "Report-Msgid-Bugs-To": info.report_bugs_to,
        "POT-Creation-Date": info.created.strftime(PO_DATE_FORMAT),
        # msgfmt --check warns about the placeholders of a template ("YEAR-MO-DA",
        # "FULL NAME"): a template is revised when it is made, by nobody.
        "PO-Revision-Date": (info.revised or info.created).strftime(PO_DATE_FORMAT),
        "Last-Translator": info.last_translator,
        "Language-Team": f"{language.english_name} <{language.code}>" if language else "",
        "Language": language.gettext_code if language else "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if language is not None:
        fields["Plural-Forms"] = language.plural_forms
    fields["X-Generator"] = GENERATOR
    fields["X-Source-Language"] = info.source_lang
    if info.exported_at is not None:
        fields["X-Exported-At"] = info.exported_at.isoformat(timespec="microseconds")
    return fields


def _po_entry(info: CatalogInfo, entry: CatalogEntry, template: bool) -> POEntry:
    translated = not template and bool(entry.translation)
    return POEntry(
        msgctxt=entry.key,
        msgid=entry.source,
        msgstr=entry.translation if translated else "",
        extracted=[f"{info.domain}: {info.title}", f"paragraph {entry.position} ({entry.kind})"],
        references=[f"{info.domain}:{entry.position}"],
        flags=["fuzzy"] if translated and entry.fuzzy else [],
        previous_msgid=entry.previous_source if translated and entry.fuzzy else None,
    )


def po_text(info: CatalogInfo, entries: list[CatalogEntry]) -> str:
    template = info.language is None
    what = "Template" if template else "Translations"
    return write_po(
        [info.title, f"{what} of the article '{info.domain}' ({info.source_lang} source)."],
        header_fields(info),
        (_po_entry(info, entry, template) for entry in entries),
        header_fuzzy=template,
    )


def po_bytes(info: CatalogInfo, entries: list[CatalogEntry]) -> bytes:
    return po_text(info, entries).encode("utf-8")


def mo_bytes(info: CatalogInfo, entries: list[CatalogEntry]) -> bytes:
    """The binary catalog: fuzzy and empty translations are left out, as msgfmt does."""
    # msgfmt leaves the template's date out, so that a new template alone changes no .mo.
    header = "".join(
        f"{name}: {value}\n"
        for name, value in header_fields(info).items()
        if name != "POT-Creation-Date"
    )
    return write_mo(
        header, ((e.key, e.source, e.translation) for e in entries if e.translation and not e.fuzzy)
    )


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_translations(mo_data: bytes) -> dict[tuple[str, str], str]:
    """(msgctxt, msgid) -> msgstr for every translated entry of a compiled catalog."""
    return {(e.msgctxt or "", e.msgid): e.msgstr for e in polib.mofile(mo_data) if e.msgstr}
