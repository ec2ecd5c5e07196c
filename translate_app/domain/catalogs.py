"""Gettext catalogs of an article's approved translations, built with polib.

Each entry: ``msgctxt`` is the segment's stable key, ``msgid`` its source text,
``msgstr`` the approved translation (empty when nothing is approved), and an
extracted comment names the article and the paragraph.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

import polib

from .languages import Language

PO_DATE_FORMAT = "%Y-%m-%d %H:%M%z"


@dataclass(frozen=True)
class CatalogEntry:
    key: str
    source: str
    translation: str
    comment: str


@dataclass(frozen=True)
class CatalogInfo:
    domain: str
    title: str
    source_lang: str
    language: Language
    created: datetime
    revised: datetime
    last_translator: str = ""


def build_catalog(info: CatalogInfo, entries: list[CatalogEntry]) -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.header = f"{info.title}\nApproved translations of the article '{info.domain}'."
    po.metadata = {
        "Project-Id-Version": f"{info.domain} 1",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": info.created.strftime(PO_DATE_FORMAT),
        "PO-Revision-Date": info.revised.strftime(PO_DATE_FORMAT),
        "Last-Translator": info.last_translator or "translate_app",
        "Language-Team": f"{info.language.english_name} <{info.language.code}>",
        "Language": info.language.gettext_code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": info.language.plural_forms,
        "X-Source-Language": info.source_lang,
    }
    for entry in entries:
        po.append(
            polib.POEntry(
                msgctxt=entry.key,
                msgid=entry.source,
                msgstr=entry.translation,
                comment=entry.comment,
            )
        )
    return po


def po_bytes(po: polib.POFile) -> bytes:
    return str(po).encode("utf-8")


def mo_bytes(po: polib.POFile) -> bytes:
    # polib writes only translated entries (and the header) into the binary catalog.
    return po.to_binary()


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_translations(mo_data: bytes) -> dict[tuple[str, str], str]:
    """(msgctxt, msgid) -> msgstr for every translated entry of a compiled catalog."""
    return {(e.msgctxt or "", e.msgid): e.msgstr for e in polib.mofile(mo_data) if e.msgstr}
