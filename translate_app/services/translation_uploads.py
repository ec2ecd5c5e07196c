"""Translations coming back from outside tools: a PO, XLIFF or TMX file edited elsewhere.

Entries are matched to paragraphs by key (``msgctxt``), then by source text. Each
new text becomes a version by the uploading user, translated or (fuzzy) a draft:
an upload never approves. A paragraph whose text changed in the app since the file
was downloaded is a conflict: both texts are shown and neither replaces the other.
Anything the file gets wrong refuses the whole upload; nothing is half imported.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..domain.exchange import ExchangeFormatError
from ..domain.languages import LanguageError, parse_language
from ..domain.po import POSyntaxError, read_po
from ..domain.states import State
from ..domain.tmx import read_tmx
from ..domain.xliff import read_xliff
from ..extensions import db
from ..models import Article, Segment, SegmentTranslation, TranslationVersion, User
from . import audit
from .accounts import check_language
from .articles import check_target
from .errors import InvalidInput, PermissionDenied, ServiceError, StaleRevision
from .importing import check_import_size
from .translating import normalize_text, save_translation

_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:+-]+)")
_UTF8 = {"utf-8", "utf8"}


@dataclass(frozen=True)
class Incoming:
    """One translation as a file carries it."""

    line: int
    key: str | None
    source: str
    text: str
    draft: bool  # fuzzy in a PO, not yet final in XLIFF
    plural: bool = False  # a paragraph has no plural forms: never matched


@dataclass(frozen=True)
class UploadConflict:
    line: int
    position: int
    source: str
    app_text: str
    app_author: str
    app_time: datetime
    file_text: str
    reason: str


@dataclass
class UploadReport:
    filename: str
    translated: int = 0
    drafts: int = 0
    unchanged: int = 0
    empty: int = 0
    conflicts: list[UploadConflict] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # "line N: why", not imported

    @property
    def saved(self) -> int:
        return self.translated + self.drafts

    def summary(self) -> str:
        return (
            f"{self.filename}: {self.translated} translated, {self.drafts} drafts, "
            f"{self.unchanged} unchanged, {self.empty} empty, "
            f"{len(self.conflicts)} conflicts, {len(self.unknown)} not found"
        )


def check_may_upload(article: Article, lang: str, user: User) -> None:
    """Who may bring translations into ``article`` in ``lang``: as for a save."""
    check_target(article, lang)
    if not user.can("translate"):
        raise PermissionDenied(f"{user.name} is a {user.role} and may not translate")
    check_language(user, lang)


def import_translations(
    article: Article, lang: str, user: User, filename: str, data: bytes
) -> UploadReport:
    check_may_upload(article, lang, user)
    check_import_size(filename, len(data))
    report = UploadReport(filename)
    if _looks_like_xml(data):
        incoming, exported_at = read_xml_upload(filename, data, article.source_lang, lang, report)
    else:
        incoming, exported_at = read_po_upload(filename, data, lang)
    try:
        _apply(article, lang, user, incoming, exported_at, report)
    except InvalidInput as exc:
        raise InvalidInput(f"{filename}: {exc}; nothing was imported") from None
    if report.saved:
        audit.record(
            "import_translations",
            actor=user,
            target=f"article:{article.slug}/{lang}",
            detail=report.summary(),
        )
    return report


def read_po_upload(filename: str, data: bytes, lang: str) -> tuple[list[Incoming], datetime | None]:
    """The file's translations and the time it was downloaded (None if it does not say)."""
    text = _decode(filename, data)
    try:
        po = read_po(text)
    except POSyntaxError as exc:
        raise InvalidInput(f"{filename}: {exc}; nothing was imported") from None
    _check_declared(filename, "header's Language", po.header.get("Language"), lang)
    exported_at = _moment(filename, "header's X-Exported-At", po.header.get("X-Exported-At"))
    incoming = []
    for entry in po.entries:
        if entry.obsolete:
            continue
        incoming.append(
            Incoming(
                entry.line, entry.msgctxt, entry.msgid, entry.msgstr, entry.fuzzy, entry.plural
            )
        )
    return incoming, exported_at


def _looks_like_xml(data: bytes) -> bool:
    head = data[:64].removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<") or data[:2] in (b"\xff\xfe", b"\xfe\xff")


def read_xml_upload(
    filename: str, data: bytes, source_lang: str, lang: str, report: "UploadReport"
) -> tuple[list[Incoming], datetime | None]:
    """The units of an XLIFF (1.2 or 2.0) or TMX file; TMX units it cannot use go to
    the report."""
    try:
        if b"<tmx" in data[:4096].replace(b"\0", b""):
            result = read_tmx(data, source_lang=source_lang, target_lang=lang)
            report.unknown.extend(result.skipped)
            return [
                Incoming(u.line, u.key, u.source, u.target, draft=False) for u in result.units
            ], result.exported_at
        xliff = read_xliff(data)
    except ExchangeFormatError as exc:
        raise InvalidInput(f"{filename}: {exc}; nothing was imported") from None
    _check_declared(filename, "file's target language", xliff.target_lang, lang)
    units = xliff.units
    exported_at = _moment(filename, "file's export date", xliff.exported)
    # Only what the file calls translated (or better) is meant as done: the rest are drafts.
    done = (State.TRANSLATED, State.APPROVED)
    return [
        Incoming(u.line, u.key, u.source, u.target, draft=u.state not in done) for u in units
    ], exported_at


def _decode(filename: str, data: bytes) -> str:
    head = data[: data.find(b"\n\n") if b"\n\n" in data else 4096]
    match = _CHARSET.search(head)
    if match is None:
        raise InvalidInput(
            f"{filename}: the header declares no charset (Content-Type: text/plain; "
            "charset=UTF-8); nothing was imported"
        )
    charset = match.group(1).decode("ascii")
    if charset.lower() not in _UTF8:
        line = data[: match.start()].count(b"\n") + 1
        raise InvalidInput(
            f"{filename}: line {line}: the file declares charset {charset}; only UTF-8 is "
            "accepted (convert it, e.g. msgconv --to-code=UTF-8); nothing was imported"
        )
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            f"{filename}: line {line}: byte 0x{data[exc.start]:02x} is not UTF-8, though "
            "the header says so; nothing was imported"
        ) from None


def _moment(filename: str, where: str, value: str | None) -> datetime | None:
    """A time the file gives, in UTC when it names no zone; None when it gives none."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            f"{filename}: the {where} is not a date: {value!r}; nothing was imported"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _check_declared(filename: str, where: str, declared: str | None, lang: str) -> None:
    if declared and _primary(declared) != _primary(lang):
        raise InvalidInput(
            f"{filename}: the {where} is {declared}, but this upload is for {lang}; "
            "nothing was imported"
        )


def _primary(code: str) -> str:
    try:
        return parse_language(code).code.split("-")[0]
    except LanguageError:
        return code.lower()


def _apply(article, lang, user, incoming, exported_at, report) -> None:
    rows = db.session.scalars(
        select(SegmentTranslation)
        .join(SegmentTranslation.segment)
        .where(Segment.article_id == article.id, SegmentTranslation.lang == lang)
        .options(
            joinedload(SegmentTranslation.segment),
            joinedload(SegmentTranslation.current_version).joinedload(TranslationVersion.author),
            joinedload(SegmentTranslation.approved_version),
        )
    ).all()
    by_key = {st.segment.key: st for st in rows}
    by_source: dict[str, list[SegmentTranslation]] = {}
    for st in rows:
        by_source.setdefault(st.segment.source, []).append(st)
    taken: dict[int, int] = {}  # segment id -> line that set it
    for unit in incoming:
        st = _match(unit, by_key, by_source, report)
        if st is None:
            continue
        if st.segment_id in taken:
            report.unknown.append(
                f"line {unit.line}: paragraph {st.segment.position} was already given at "
                f"line {taken[st.segment_id]}"
            )
            continue
        taken[st.segment_id] = unit.line
        _apply_one(st, unit, user, exported_at, report)


def _match(unit, by_key, by_source, report) -> SegmentTranslation | None:
    if unit.plural:
        report.unknown.append(
            f"line {unit.line}: a plural entry (msgid_plural); articles have none"
        )
        return None
    if unit.key and unit.key in by_key:
        st = by_key[unit.key]
        if st.segment.source != unit.source:
            report.unknown.append(
                f"line {unit.line}: the source of paragraph {st.segment.position} changed "
                "since the file was made; download it again"
            )
            return None
        return st
    candidates = by_source.get(unit.source, [])
    if len(candidates) == 1:
        return candidates[0]
    shown = unit.source if len(unit.source) <= 40 else unit.source[:40] + "…"
    report.unknown.append(
        f"line {unit.line}: no paragraph has the key {unit.key!r} or the source {shown!r}"
        if not candidates
        else f"line {unit.line}: {len(candidates)} paragraphs have the source {shown!r} "
        "and the key does not say which"
    )
    return None


def _apply_one(st, unit, user, exported_at, report) -> None:
    text = normalize_text(unit.text)
    if not text:
        report.empty += 1
        return
    current = st.current_version
    approved = st.approved_version
    # A file of approved texts carries the approved one where a newer edit awaits
    # review: sending it back unchanged must not undo that edit.
    if (current is not None and current.text == text) or (
        approved is not None and approved.text == text
    ):
        report.unchanged += 1
        return
    if current is not None and (exported_at is None or current.created_at > exported_at):
        reason = (
            "changed in the app since the file was downloaded"
            if exported_at
            else "already translated in the app, and the file does not say when it was made"
        )
        report.conflicts.append(_conflict(st, unit, text, reason))
        return
    state = "draft" if unit.draft else "translated"
    try:
        save_translation(st, user, text=text, base_revision=st.revision, state=state)
    except StaleRevision:
        report.conflicts.append(_conflict(st, unit, text, "saved by someone else meanwhile"))
        return
    except ServiceError as exc:
        raise InvalidInput(f"line {unit.line}: {exc}") from None
    if unit.draft:
        report.drafts += 1
    else:
        report.translated += 1


def _conflict(st, unit, text, reason) -> UploadConflict:
    current = st.current_version
    return UploadConflict(
        line=unit.line,
        position=st.segment.position,
        source=st.segment.source,
        app_text=current.text,
        app_author=current.author.name,
        app_time=current.created_at,
        file_text=text,
        reason=reason,
    )
