"""The translation memory: approved pairs and imported files in, fuzzy matches out.

Every pair is stored in both directions, so one approval or one TMX serves en -> ko and
ko -> en alike. Each entry's source is indexed (memory_postings) by the terms of
domain/memory.py, and memory_terms counts the entries of each term so that a lookup
reads only the postings of its rarest terms: a few hundred candidates, whatever the
size of the memory, which rapidfuzz then scores exactly.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import PurePath

from sqlalchemy import bindparam, func, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import contains_eager, joinedload

from ..domain import memory as domain
from ..domain.diff import Change, diff
from ..domain.exchange import ExchangeFormatError
from ..domain.po import POSyntaxError, read_po
from ..domain.states import State
from ..domain.tmx import read_tmx
from ..domain.xliff import read_xliff
from ..extensions import db
from ..models import (
    MemoryEntry,
    MemoryPosting,
    MemoryTerm,
    Segment,
    SegmentTranslation,
    TranslationVersion,
    User,
)
from . import audit, clock
from .errors import InvalidInput, NotFound, PermissionDenied
from .importing import check_import_size
from .limits import current_limits, enforce_limit

#: How many entries the postings propose for exact scoring. The stored paragraph a
#: query was edited from shares the most rare terms with it, so it is among the first.
CANDIDATES = 80
#: Rows per statement when the database gets many at once.
BATCH = 500
#: How many postings a concordance search reads at a time, newest entries first.
CONCORDANCE_CHUNK = 1000
FORMATS = (".tmx", ".po", ".xlf", ".xliff")

_entries = MemoryEntry.__table__
_postings = MemoryPosting.__table__
_terms = MemoryTerm.__table__


@dataclass(frozen=True)
class PairIn:
    """One pair to remember, in one direction."""

    source_lang: str
    target_lang: str
    source: str
    target: str
    level: str = "paragraph"
    origin: str = ""
    translator: str = ""
    context_key: str | None = None
    article_id: int | None = None
    segment_id: int | None = None

    def reversed(self, context_key: str | None = None) -> "PairIn":
        return PairIn(
            source_lang=self.target_lang,
            target_lang=self.source_lang,
            source=self.target,
            target=self.source,
            level=self.level,
            origin=self.origin,
            translator=self.translator,
            context_key=context_key,
            article_id=self.article_id,
            segment_id=self.segment_id,
        )


@dataclass
class Match:
    entry_id: int
    source: str
    target: str
    score: int  # 0-100, rounded down: 100 only for the same normalised text
    level: str
    origin: str
    translator: str
    created_at: datetime
    in_context: bool
    query: str = field(repr=False)
    lang: str = field(repr=False)

    @cached_property
    def changes(self) -> list[Change]:
        """From the match's source to the text looked up: computed when shown, since a
        character diff of two long Korean paragraphs costs more than the lookup."""
        return diff(self.source, self.query, self.lang)


@dataclass
class MemoryImport:
    imported: int = 0
    skipped: int = 0  # already in the memory, twice in the file, or unusable (problems)
    problems: list[str] = field(default_factory=list)  # "line 40: tu has no tuv in ko"


# Filling and emptying the index.


def add_pairs(pairs: list[PairIn]) -> list[int]:
    """Insert the entries with their postings and term counts; their ids, in order."""
    if not pairs:
        return []
    now = clock.now()
    rows = [
        {
            "source_lang": p.source_lang,
            "target_lang": p.target_lang,
            "source": p.source,
            "target": p.target,
            "source_key": domain.text_key(p.source),
            "context_key": p.context_key,
            "level": p.level,
            "origin": p.origin[:255],
            "translator": p.translator[:200],
            "article_id": p.article_id,
            "segment_id": p.segment_id,
            "created_at": now,
            "updated_at": now,
        }
        for p in pairs
    ]
    ids = list(
        db.session.scalars(
            _entries.insert().returning(_entries.c.id, sort_by_parameter_order=True), rows
        )
    )
    postings = [
        {"term": t, "entry_id": entry_id}
        for entry_id, p in zip(ids, pairs, strict=True)
        for t in domain.terms(p.source, p.source_lang, p.target_lang)
    ]
    for start in range(0, len(postings), BATCH * 20):
        db.session.execute(_postings.insert(), postings[start : start + BATCH * 20])
    _count_terms(Counter(row["term"] for row in postings), sign=1)
    return ids


def _count_terms(counts: Counter, sign: int) -> None:
    if not counts:
        return
    if sign > 0:
        insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
        statement = insert(_terms)
        statement = statement.on_conflict_do_update(
            index_elements=[_terms.c.term], set_={"df": _terms.c.df + statement.excluded.df}
        )
        rows = [{"term": t, "df": n} for t, n in counts.items()]
        for start in range(0, len(rows), BATCH * 20):
            db.session.execute(statement, rows[start : start + BATCH * 20])
        return
    db.session.execute(
        _terms.update()
        .where(_terms.c.term == bindparam("t"))
        .values(df=_terms.c.df - bindparam("n")),
        [{"t": t, "n": n} for t, n in counts.items()],
    )
    # A term no entry holds any more goes, so the table stays the size of the vocabulary.
    gone = list(counts)
    for start in range(0, len(gone), BATCH):
        db.session.execute(
            _terms.delete().where(_terms.c.term.in_(gone[start : start + BATCH]), _terms.c.df <= 0)
        )


def _unindex(rows) -> None:
    """Remove the postings of entries (id, source, source_lang, target_lang), recomputed
    from their text, and count their terms down."""
    postings = [
        {"t": t, "e": row.id}
        for row in rows
        for t in domain.terms(row.source, row.source_lang, row.target_lang)
    ]
    if postings:
        db.session.execute(
            _postings.delete().where(
                _postings.c.term == bindparam("t"), _postings.c.entry_id == bindparam("e")
            ),
            postings,
        )
    _count_terms(Counter(p["t"] for p in postings), sign=-1)


def _remove(rows) -> None:
    rows = list(rows)
    if not rows:
        return
    _unindex(rows)
    ids = [row.id for row in rows]
    for start in range(0, len(ids), BATCH):
        db.session.execute(_entries.delete().where(_entries.c.id.in_(ids[start : start + BATCH])))


_INDEXED = (_entries.c.id, _entries.c.source, _entries.c.source_lang, _entries.c.target_lang)


# Approvals.


def remember_approval(st: SegmentTranslation) -> None:
    """Put the approved text of ``st`` in the memory, in place of what it held for the
    segment in this language pair: the paragraph and, where they pair one to one, its
    sentences, both ways."""
    remember_approvals([st])


def remember_approvals(approved: list[SegmentTranslation]) -> None:
    """``remember_approval`` for many translations of one language pair at once, in a
    few statements: approving a long article, or importing one already translated."""
    if not approved:
        return
    segments = [st.segment for st in approved]
    source_lang, target_lang = segments[0].article.source_lang, approved[0].lang
    ids = [segment.id for segment in segments]
    directions = [(source_lang, target_lang), (target_lang, source_lang)]
    for start in range(0, len(ids), BATCH):
        _remove(
            db.session.execute(
                select(*_INDEXED).where(
                    _entries.c.segment_id.in_(ids[start : start + BATCH]),
                    tuple_(_entries.c.source_lang, _entries.c.target_lang).in_(directions),
                )
            )
        )
    kept = [st for st in approved if st.segment.translatable and st.approved_version_id]
    if not kept:
        return
    # By id: approving sets the id, and the relationship may still hold the version before.
    versions = {
        version.id: version
        for version in db.session.scalars(
            select(TranslationVersion)
            .where(TranslationVersion.id.in_([st.approved_version_id for st in kept]))
            .options(joinedload(TranslationVersion.author))
        )
    }
    before = _paragraphs_before([st.segment for st in kept], target_lang)
    pairs: list[PairIn] = []
    for st in kept:
        pairs += _pairs(st.segment, versions[st.approved_version_id], *before[st.segment_id])
    add_pairs(pairs)


def _pairs(
    segment: Segment, version: TranslationVersion, before: str | None, before_text: str | None
) -> list[PairIn]:
    source_lang, target_lang = segment.article.source_lang, version.lang
    paragraph = PairIn(
        source_lang=source_lang,
        target_lang=target_lang,
        source=segment.source,
        target=version.text,
        origin=segment.article.title,
        translator=version.author.name,
        context_key=domain.text_key(before) if before is not None else None,
        article_id=segment.article_id,
        segment_id=segment.id,
    )
    pairs = [paragraph, paragraph.reversed(before_text and domain.text_key(before_text))]
    for source, target in domain.sentence_pairs(
        paragraph.source, paragraph.target, source_lang, target_lang
    ):
        sentence = PairIn(
            source_lang=source_lang,
            target_lang=target_lang,
            source=source,
            target=target,
            level="sentence",
            origin=paragraph.origin,
            translator=paragraph.translator,
            article_id=paragraph.article_id,
            segment_id=paragraph.segment_id,
        )
        pairs += [sentence, sentence.reversed()]
    return pairs


def _paragraphs_before(
    segments: list[Segment], lang: str
) -> dict[int, tuple[str | None, str | None]]:
    """For each segment, the source of the live translatable paragraph before it in its
    article and that paragraph's approved translation in ``lang``: the contexts of both
    directions. One read of each article's paragraphs, however many segments."""
    found: dict[int, tuple[str | None, str | None]] = {}
    for article_id in {segment.article_id for segment in segments}:
        rows = db.session.execute(
            select(Segment.id, Segment.source, TranslationVersion.text)
            .outerjoin(
                SegmentTranslation,
                (SegmentTranslation.segment_id == Segment.id) & (SegmentTranslation.lang == lang),
            )
            .outerjoin(
                TranslationVersion,
                TranslationVersion.id == SegmentTranslation.approved_version_id,
            )
            .where(
                Segment.article_id == article_id,
                Segment.translatable.is_(True),
                Segment.retired_revision.is_(None),
            )
            .order_by(Segment.position)
        ).all()
        previous: tuple[str | None, str | None] = (None, None)
        for segment_id, source, approved in rows:
            found[segment_id] = previous
            previous = (source, approved)
    # A segment no longer live (or not translatable) has no context of its own.
    return {segment.id: found.get(segment.id, (None, None)) for segment in segments}


def _paragraph_before(segment: Segment, lang: str) -> tuple[str | None, str | None]:
    """The source of the live translatable paragraph before ``segment``, and its approved
    translation in ``lang`` (the context of the reverse direction)."""
    before = db.session.scalar(
        select(Segment)
        .where(
            Segment.article_id == segment.article_id,
            Segment.position < segment.position,
            Segment.translatable.is_(True),
            Segment.retired_revision.is_(None),
        )
        .order_by(Segment.position.desc())
        .limit(1)
    )
    if before is None:
        return None, None
    st = db.session.scalar(
        select(SegmentTranslation).where(
            SegmentTranslation.segment_id == before.id, SegmentTranslation.lang == lang
        )
    )
    if st is None or st.approved_version_id is None:
        return before.source, None
    return before.source, db.session.get(TranslationVersion, st.approved_version_id).text


def remember_all() -> int:
    """Put every approved translation in the memory, in place of what it held for each:
    for a database whose translations were approved before it had a memory. Those whose
    source changed since their approval wait for their next one."""
    approved = db.session.scalars(
        select(SegmentTranslation)
        .join(SegmentTranslation.segment)
        .where(
            SegmentTranslation.approved_version_id.is_not(None),
            SegmentTranslation.state != int(State.NEEDS_REVIEW),
            Segment.retired_revision.is_(None),
        )
        .order_by(Segment.article_id, Segment.position, SegmentTranslation.lang)
        .options(contains_eager(SegmentTranslation.segment).joinedload(Segment.article))
    ).all()
    by_pair: dict[tuple[int, str], list[SegmentTranslation]] = {}
    for st in approved:
        by_pair.setdefault((st.segment.article_id, st.lang), []).append(st)
    for group in by_pair.values():
        remember_approvals(group)
    return len(approved)


def context_of(segment: Segment, lang: str) -> str | None:
    """What a lookup for ``segment`` names as its context: the paragraph before it."""
    return _paragraph_before(segment, lang)[0]


def check_may_change(user: User) -> None:
    """Only editors and admins correct, delete or import memory entries."""
    if not user.can("approve"):
        raise PermissionDenied("only editors and admins can change the translation memory")


# Files from other tools.


def import_file(
    data: bytes, filename: str, source_lang: str, target_lang: str, *, user: User | None = None
) -> MemoryImport:
    """Fill the memory from a TMX, PO or XLIFF file, both ways. A file that cannot be read
    is refused whole; units it cannot use are listed as problems and skipped."""
    if user is not None and not user.can("approve"):
        raise PermissionDenied("only editors and admins can fill the translation memory")
    name = PurePath(filename).name
    check_import_size(name, len(data))
    extension = PurePath(name).suffix.lower()
    if extension not in FORMATS:
        raise InvalidInput(
            f"{name}: unknown kind of file {extension or '(no extension)'!r}: "
            "use a .tmx, .po, .xlf or .xliff file; nothing was imported"
        )
    result = MemoryImport()
    try:
        if extension == ".tmx":
            units = _tmx_units(data, source_lang, target_lang, result)
        elif extension == ".po":
            units = _po_units(data, result)
        else:
            units = _xliff_units(data, target_lang, result)
    except (ExchangeFormatError, POSyntaxError) as exc:
        raise InvalidInput(f"{name}: {exc}; nothing was imported") from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            f"{name}: line {line}: the file is not UTF-8; nothing was imported"
        ) from None

    fresh = _not_yet_remembered(units, source_lang, target_lang)
    result.skipped += len(result.problems) + len(units) - len(fresh)
    pairs = []
    for source, target, translator in fresh:
        pair = PairIn(source_lang, target_lang, source, target, origin=name, translator=translator)
        pairs += [pair, pair.reversed()]
    add_pairs(pairs)
    result.imported = len(fresh)
    return result


def _tmx_units(data: bytes, source_lang: str, target_lang: str, result: MemoryImport):
    read = read_tmx(data, source_lang=source_lang, target_lang=target_lang)
    result.problems.extend(read.skipped)
    return [(u.source, u.target, u.author or "") for u in read.units]


def _po_units(data: bytes, result: MemoryImport):
    units = []
    for entry in read_po(data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")).entries:
        if entry.obsolete:
            continue  # kept in the file for gettext, no longer a translation
        if entry.plural:
            result.problems.append(f"line {entry.line}: plural entry")
        elif entry.fuzzy:
            result.problems.append(f"line {entry.line}: fuzzy entry")
        elif not entry.msgstr.strip():
            result.problems.append(f"line {entry.line}: untranslated entry")
        else:
            units.append((entry.msgid, entry.msgstr, ""))
    return units


def _xliff_units(data: bytes, target_lang: str, result: MemoryImport):
    read = read_xliff(data)
    if read.target_lang and _primary(read.target_lang) != _primary(target_lang):
        raise ExchangeFormatError(
            f"the file's target language is {read.target_lang}, not {target_lang}"
        )
    units = []
    for unit in read.units:
        if unit.state not in (State.TRANSLATED, State.APPROVED) or not unit.target.strip():
            state = State(unit.state).name.lower().replace("_", " ")
            result.problems.append(f"line {unit.line}: {state} unit")
        else:
            units.append((unit.source, unit.target, ""))
    return units


def _primary(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower()


def _not_yet_remembered(
    units: list[tuple[str, str, str]], source_lang: str, target_lang: str
) -> list[tuple[str, str, str]]:
    """The units whose pair the memory (or an earlier unit of the file) does not hold."""
    keys = {domain.text_key(source) for source, _, _ in units}
    known = set()
    key_list = list(keys)
    for start in range(0, len(key_list), BATCH):
        rows = db.session.execute(
            select(_entries.c.source_key, _entries.c.target).where(
                _entries.c.source_lang == source_lang,
                _entries.c.target_lang == target_lang,
                _entries.c.source_key.in_(key_list[start : start + BATCH]),
            )
        )
        known.update((key, domain.normalize(target)) for key, target in rows)
    fresh = []
    for source, target, translator in units:
        pair = (domain.text_key(source), domain.normalize(target))
        if pair not in known:
            known.add(pair)
            fresh.append((source, target, translator))
    return fresh


# Looking things up.


def check_limit(limit: int) -> None:
    if not 1 <= limit <= domain.MAX_LIMIT:
        raise InvalidInput(f"the limit is {limit}; it must be from 1 to {domain.MAX_LIMIT}")


def lookup(
    text: str,
    source_lang: str,
    target_lang: str,
    *,
    limit: int = domain.DEFAULT_LIMIT,
    context: str | None = None,
    min_score: int = domain.MIN_SCORE,
) -> list[Match]:
    """The best matches for ``text``, best first; ``context`` is the paragraph before it."""
    check_limit(limit)
    if not text.strip():
        raise InvalidInput("nothing to look up: the text is empty")
    # As long as a paragraph may be, and no longer: scoring is linear in the length.
    limits = current_limits()
    enforce_limit(
        "the text", len(text), "characters", "MAX_SEGMENT_CHARS", limits.max_segment_chars
    )
    direction = (_entries.c.source_lang == source_lang, _entries.c.target_lang == target_lang)
    # Exact matches come by digest, so that a text without a useful term still finds them.
    exact_ids = db.session.scalars(
        select(_entries.c.id)
        .where(*direction, _entries.c.source_key == domain.text_key(text))
        .order_by(_entries.c.id.desc())
        .limit(CANDIDATES)
    ).all()
    ids = set(exact_ids) | set(_candidates(text, source_lang, target_lang))
    if not ids:
        return []
    columns = (*_INDEXED, *(_entries.c[name] for name in _SHOWN))
    rows = db.session.execute(select(*columns).where(_entries.c.id.in_(ids))).all()
    by_id, found = {}, []
    values = domain.scores(text, [row.source for row in rows], cutoff=min_score)
    for row, value in zip(rows, values, strict=True):
        if value >= min_score:
            by_id[row.id] = row
            found.append(
                domain.Candidate(
                    row.id, row.source, row.target, value, row.context_key, row.created_at
                )
            )
    context_key = domain.text_key(context) if context else None
    return [
        Match(
            entry_id=c.key,
            source=c.source,
            target=c.target,
            score=domain.whole_score(c.score),
            level=by_id[c.key].level,
            origin=by_id[c.key].origin,
            translator=by_id[c.key].translator,
            created_at=c.created_at,
            in_context=context_key is not None and c.score == 100 and c.context_key == context_key,
            query=text,
            lang=source_lang,
        )
        for c in domain.rank(found, context_key=context_key, limit=limit)
    ]


_SHOWN = ("target", "context_key", "level", "origin", "translator", "created_at")


def _candidates(text: str, source_lang: str, target_lang: str) -> list[int]:
    wanted = list(domain.terms(text, source_lang, target_lang))
    if not wanted:
        return []
    dfs = dict(
        db.session.execute(
            select(_terms.c.term, _terms.c.df).where(_terms.c.term.in_(wanted))
        ).all()
    )
    picked = domain.pick_terms(dfs)
    if not picked:
        return []
    hits = func.count().label("hits")
    return list(
        db.session.scalars(
            select(_postings.c.entry_id)
            .where(_postings.c.term.in_(picked))
            .group_by(_postings.c.entry_id)
            .order_by(hits.desc(), _postings.c.entry_id.desc())
            .limit(CANDIDATES)
        )
    )


def concordance(
    phrase: str, source_lang: str, target_lang: str, *, limit: int = domain.MAX_LIMIT
) -> list[MemoryEntry]:
    """Entries of the pair holding ``phrase`` in their source or target, newest first.

    The phrase matches whole words (a Korean word also with a particle after it), as the
    index knows words, not their parts: "market" finds "market" but not "markets".
    """
    check_limit(limit)
    if not domain.normalize(phrase):
        raise InvalidInput("nothing to search for: the phrase is empty")
    if len(phrase) > domain.MAX_PHRASE_CHARS:
        raise InvalidInput(
            f"the phrase has {len(phrase)} characters; at most {domain.MAX_PHRASE_CHARS}"
        )
    found: dict[int, MemoryEntry] = {}
    for entry in _holding(phrase, source_lang, target_lang, limit):
        found[entry.id] = entry
    # A phrase of the target language is in the sources of the reverse direction; its
    # entries name the pairs of this direction.
    for reverse in _holding(phrase, target_lang, source_lang, limit):
        if len(found) >= limit:
            break
        for entry in db.session.scalars(
            select(MemoryEntry).where(
                MemoryEntry.source_lang == source_lang,
                MemoryEntry.target_lang == target_lang,
                MemoryEntry.source_key == domain.text_key(reverse.target),
            )
        ):
            if domain.normalize(entry.target) == domain.normalize(reverse.source):
                found[entry.id] = entry
    return sorted(found.values(), key=lambda e: e.id, reverse=True)[:limit]


def _holding(phrase: str, source_lang: str, target_lang: str, limit: int) -> list[MemoryEntry]:
    """Entries of the direction whose source holds ``phrase``, newest first."""
    holds = domain.phrase_matcher(phrase)
    terms = [domain.term(source_lang, target_lang, t) for t in domain.tokens(phrase, source_lang)]
    direction = (MemoryEntry.source_lang == source_lang, MemoryEntry.target_lang == target_lang)
    if not terms:
        # No word to narrow with (punctuation only): every entry is read.
        entries = db.session.scalars(
            select(MemoryEntry).where(*direction).order_by(MemoryEntry.id.desc())
        )
        return [e for e in entries if holds(e.source)][:limit]
    dfs = dict(
        db.session.execute(select(_terms.c.term, _terms.c.df).where(_terms.c.term.in_(terms))).all()
    )
    if len(dfs) < len(set(terms)):
        return []  # a word no entry of this direction holds
    rarest = min(terms, key=dfs.__getitem__)
    found: list[MemoryEntry] = []
    below = None
    while len(found) < limit:
        query = select(_postings.c.entry_id).where(_postings.c.term == rarest)
        if below is not None:
            query = query.where(_postings.c.entry_id < below)
        ids = db.session.scalars(
            query.order_by(_postings.c.entry_id.desc()).limit(CONCORDANCE_CHUNK)
        ).all()
        if not ids:
            break
        below = ids[-1]
        entries = db.session.scalars(
            select(MemoryEntry).where(MemoryEntry.id.in_(ids)).order_by(MemoryEntry.id.desc())
        )
        found += [e for e in entries if holds(e.source)]
    return found[:limit]


# Editing.


def _editable(entry_id: int, user: User) -> MemoryEntry:
    check_may_change(user)
    entry = db.session.get(MemoryEntry, entry_id)
    if entry is None:
        raise NotFound(f"no translation memory entry {entry_id}")
    return entry


def _with_reverse(entry: MemoryEntry) -> list[MemoryEntry]:
    """The entry and its twins of the other direction (the same pair, read backwards)."""
    reverse = db.session.scalars(
        select(MemoryEntry).where(
            MemoryEntry.source_lang == entry.target_lang,
            MemoryEntry.target_lang == entry.source_lang,
            MemoryEntry.source_key == domain.text_key(entry.target),
            MemoryEntry.segment_id.is_(None)
            if entry.segment_id is None
            else MemoryEntry.segment_id == entry.segment_id,
        )
    )
    source = domain.normalize(entry.source)
    return [entry, *(r for r in reverse if domain.normalize(r.target) == source)]


def update_entry(entry_id: int, user: User, *, source: str, target: str) -> MemoryEntry:
    """Correct a pair; its twin of the other direction follows, and both are re-indexed."""
    entry = _editable(entry_id, user)
    source, target = source.strip(), target.strip()
    if not source or not target:
        raise InvalidInput("a memory entry needs both a source and a target text")
    entries = _with_reverse(entry)
    db.session.flush()
    _unindex(entries)
    now = clock.now()
    for one in entries:
        forward = one.source_lang == entry.source_lang
        one.source, one.target = (source, target) if forward else (target, source)
        one.source_key = domain.text_key(one.source)
        one.updated_at = now
    db.session.flush()
    postings = [
        {"term": t, "entry_id": one.id}
        for one in entries
        for t in domain.terms(one.source, one.source_lang, one.target_lang)
    ]
    db.session.execute(_postings.insert(), postings)
    _count_terms(Counter(p["term"] for p in postings), sign=1)
    audit.record(
        "edit_memory",
        actor=user,
        target=f"memory:{entry.id}",
        detail=f"{entry.source_lang} -> {entry.target_lang}: {source[:80]}",
    )
    return entry


def delete_entry(entry_id: int, user: User) -> None:
    """Remove a pair, and its twin of the other direction, from the memory."""
    entry = _editable(entry_id, user)
    entries = _with_reverse(entry)
    detail = f"{entry.source_lang} -> {entry.target_lang}: {entry.source[:80]}"
    db.session.flush()
    _remove(entries)
    for one in entries:
        db.session.expunge(one)
    audit.record("delete_memory", actor=user, target=f"memory:{entry_id}", detail=detail)


def memory_size(source_lang: str, target_lang: str) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(_entries)
        .where(_entries.c.source_lang == source_lang, _entries.c.target_lang == target_lang)
    )
