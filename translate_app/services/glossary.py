"""The glossary of each language pair: its terms, kept by editors, in and out as files."""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from ..config import PROJECT_ROOT
from ..domain import glossary as domain
from ..domain.languages import LanguageError, parse_language
from ..extensions import db
from ..models import GlossaryTerm, User
from . import audit
from .errors import Conflict, InvalidInput, NotFound, PermissionDenied
from .limits import current_limits, enforce_limit

SEED_FILE = PROJECT_ROOT / "corpus" / "glossary.en-ko.csv"
FORMATS = ("csv", "tbx")


@dataclass(frozen=True)
class GlossaryImport:
    added: int
    updated: int
    skipped: int  # already there as they are
    problems: tuple[str, ...]  # lines of the file not taken, each with its reason

    def summary(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.skipped} unchanged, "
            f"{len(self.problems)} not imported"
        )


def _language(code: str) -> str:
    try:
        return parse_language(code).code
    except LanguageError as exc:
        raise InvalidInput(str(exc)) from None


def _pair(source_lang: str, target_lang: str) -> tuple[str, str]:
    source, target = _language(source_lang), _language(target_lang)
    if source == target:
        raise InvalidInput(f"a glossary translates between two languages, not {source} to itself")
    return source, target


def check_may_edit(user: User | None) -> None:
    if user is not None and not user.can("approve"):
        raise PermissionDenied("only editors and admins can change the glossary")


def list_terms(source_lang: str, target_lang: str) -> list[GlossaryTerm]:
    source, target = _pair(source_lang, target_lang)
    return list(
        db.session.scalars(
            select(GlossaryTerm)
            .where(GlossaryTerm.source_lang == source, GlossaryTerm.target_lang == target)
            .order_by(GlossaryTerm.source, GlossaryTerm.target, GlossaryTerm.id)
        )
    )


def _as_term(row: GlossaryTerm) -> domain.Term:
    return domain.Term(row.source, row.target, row.status, row.part_of_speech, row.note)


#: Where a session keeps the glossaries it has read (see terms_for).
_CACHE = "glossary_terms"


def terms_for(source_lang: str, target_lang: str) -> list[domain.Term]:
    """The pair's terms as the checks and the editor read them.

    A save checks its text against the glossary and then shows its row with the terms
    marked: the session reads each pair once until it commits, rolls back or changes
    the glossary itself.
    """
    cache = db.session.info.setdefault(_CACHE, {})
    key = (source_lang, target_lang)
    if key not in cache:
        cache[key] = [_as_term(row) for row in list_terms(source_lang, target_lang)]
    return cache[key]


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_terms(session: Session) -> None:
    session.info.pop(_CACHE, None)


def _valid(**fields) -> domain.Term:
    try:
        return domain.make_term(**fields)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


def _existing(source_lang: str, target_lang: str, source: str, target: str) -> GlossaryTerm | None:
    return db.session.scalars(
        select(GlossaryTerm).where(
            GlossaryTerm.source_lang == source_lang,
            GlossaryTerm.target_lang == target_lang,
            GlossaryTerm.source == source,
            GlossaryTerm.target == target,
        )
    ).first()


def _describe(row: GlossaryTerm) -> str:
    return f"{row.source} -> {row.target} ({row.status})"


def add_term(
    user: User,
    source_lang: str,
    target_lang: str,
    *,
    source: str,
    target: str,
    status: str = "preferred",
    part_of_speech: str = "",
    note: str = "",
) -> GlossaryTerm:
    if user is None:
        raise PermissionDenied("only editors and admins can change the glossary")
    check_may_edit(user)
    source_lang, target_lang = _pair(source_lang, target_lang)
    term = _valid(
        source=source, target=target, status=status, part_of_speech=part_of_speech, note=note
    )
    if _existing(source_lang, target_lang, term.source, term.target) is not None:
        raise Conflict(
            f"the glossary already has “{term.source}” → “{term.target}” "
            f"({source_lang} -> {target_lang}); edit that term instead"
        )
    row = GlossaryTerm(
        source_lang=source_lang,
        target_lang=target_lang,
        source=term.source,
        target=term.target,
        status=term.status,
        part_of_speech=term.part_of_speech,
        note=term.note,
        created_by_id=user.id,
    )
    db.session.add(row)
    _forget_terms(db.session)
    db.session.flush()
    audit.record("glossary_add", actor=user, target=_target(row), detail=_describe(row))
    return row


def _target(row: GlossaryTerm) -> str:
    return f"glossary:{row.source_lang}-{row.target_lang}/{row.id}"


def _get(term_id: int) -> GlossaryTerm:
    row = db.session.get(GlossaryTerm, term_id)
    if row is None:
        raise NotFound(f"no glossary term {term_id}")
    return row


EDITABLE = ("source", "target", "status", "part_of_speech", "note")


def update_term(user: User, term_id: int, **fields) -> GlossaryTerm:
    """Change some of a term's fields (source, target, status, part_of_speech, note)."""
    if user is None:
        raise PermissionDenied("only editors and admins can change the glossary")
    check_may_edit(user)
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise InvalidInput(f"unknown field {unknown[0]!r}: use {', '.join(EDITABLE)}")
    row = _get(term_id)
    values = {name: getattr(row, name) for name in EDITABLE} | {
        name: value if value is not None else "" for name, value in fields.items()
    }
    term = _valid(**values)
    other = _existing(row.source_lang, row.target_lang, term.source, term.target)
    if other is not None and other.id != row.id:
        raise Conflict(
            f"the glossary already has “{term.source}” → “{term.target}”; nothing was changed"
        )
    before = _describe(row)
    for name in EDITABLE:
        setattr(row, name, getattr(term, name))
    db.session.flush()
    _forget_terms(db.session)
    audit.record(
        "glossary_update", actor=user, target=_target(row), detail=f"{before} => {_describe(row)}"
    )
    return row


def delete_term(user: User, term_id: int) -> None:
    if user is None:
        raise PermissionDenied("only editors and admins can change the glossary")
    check_may_edit(user)
    row = _get(term_id)
    audit.record("glossary_delete", actor=user, target=_target(row), detail=_describe(row))
    db.session.delete(row)
    _forget_terms(db.session)
    db.session.flush()


def read_file(
    data: bytes, filename: str, source_lang: str, target_lang: str
) -> domain.GlossaryRead:
    """The terms of a CSV or TBX file (by its extension), or InvalidInput naming why not."""
    suffix = Path(filename or "").suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InvalidInput(
            f"{filename or 'the file'} is not a glossary file: use .csv (source,target"
            "[,note,status]) or .tbx"
        )
    enforce_limit(
        filename, len(data), "bytes", "MAX_IMPORT_BYTES", current_limits().max_import_bytes
    )
    try:
        if suffix == "csv":
            return domain.read_csv(data)
        return domain.read_tbx(data, source_lang, target_lang)
    except domain.GlossaryFormatError as exc:
        raise InvalidInput(f"{filename}: {exc}") from None


def import_glossary(
    data: bytes, filename: str, source_lang: str, target_lang: str, user: User | None = None
) -> GlossaryImport:
    """Add the file's terms to the pair's glossary; a term already there (same source and
    target) takes the file's status, part of speech and note. A line that cannot be
    taken is reported, the others imported; a file that cannot be read changes nothing.
    ``user`` None is the command line."""
    check_may_edit(user)
    source_lang, target_lang = _pair(source_lang, target_lang)
    read = read_file(data, filename, source_lang, target_lang)
    # One read of the pair's rows, not one query a term: a glossary file may hold thousands.
    existing = {(row.source, row.target): row for row in list_terms(source_lang, target_lang)}
    added = updated = skipped = 0
    for term in read.terms:
        row = existing.get((term.source, term.target))
        if row is None:
            db.session.add(
                GlossaryTerm(
                    source_lang=source_lang,
                    target_lang=target_lang,
                    source=term.source,
                    target=term.target,
                    status=term.status,
                    part_of_speech=term.part_of_speech,
                    note=term.note,
                    created_by_id=user.id if user is not None else None,
                )
            )
            added += 1
        elif _as_term(row) == term:
            skipped += 1
        else:
            row.status, row.part_of_speech, row.note = term.status, term.part_of_speech, term.note
            updated += 1
    db.session.flush()
    _forget_terms(db.session)
    result = GlossaryImport(added, updated, skipped, read.problems)
    if added or updated:
        audit.record(
            "glossary_import",
            actor=user,
            target=f"glossary:{source_lang}-{target_lang}",
            detail=f"{filename}: {result.summary()}",
        )
    return result


def export_glossary(source_lang: str, target_lang: str, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown glossary format {fmt!r}: use one of {', '.join(FORMATS)}")
    source_lang, target_lang = _pair(source_lang, target_lang)
    terms = terms_for(source_lang, target_lang)
    if fmt == "csv":
        return domain.write_csv(terms)
    try:
        return domain.write_tbx(terms, source_lang, target_lang)
    except domain.GlossaryFormatError as exc:
        raise InvalidInput(str(exc)) from None


def seed_glossary(path: Path = SEED_FILE) -> GlossaryImport:
    """The sample glossary (English to Korean), for the demo; importing it again adds nothing."""
    return import_glossary(path.read_bytes(), path.name, "en", "ko")
