"""The history of a translation: its versions, who reviewed them, restoring one, and
the recent changes of a whole article."""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from ..domain.diff import Change, diff
from ..domain.segment_filter import PAGE_SIZE
from ..domain.states import State
from ..extensions import db
from ..models import (
    Approval,
    Article,
    Rejection,
    Segment,
    SegmentTranslation,
    TranslationVersion,
    User,
)
from . import audit
from .articles import check_target
from .errors import NotFound
from .translating import save_translation


@dataclass
class Entry:
    version: TranslationVersion
    #: What this version changed in its parent (all inserted for a first version).
    changes: list[Change]
    approvals: list[Approval] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)


def versions(st: SegmentTranslation) -> list[TranslationVersion]:
    """Every version of the segment in this language, newest first."""
    return list(
        db.session.scalars(
            select(TranslationVersion)
            .where(
                TranslationVersion.segment_id == st.segment_id,
                TranslationVersion.lang == st.lang,
            )
            .options(joinedload(TranslationVersion.author))
            .order_by(TranslationVersion.id.desc())
        )
    )


def history(st: SegmentTranslation) -> list[Entry]:
    """The versions, newest first, each with its changes and its verdicts (three queries)."""
    found = versions(st)
    by_id = {v.id: v for v in found}
    entries = {
        v.id: Entry(
            v, diff(by_id[v.parent_id].text if v.parent_id in by_id else "", v.text, st.lang)
        )
        for v in found
    }
    for approval in db.session.scalars(
        select(Approval)
        .where(Approval.version_id.in_(list(by_id)))
        .options(joinedload(Approval.editor))
        .order_by(Approval.id)
    ):
        entries[approval.version_id].approvals.append(approval)
    for rejection in db.session.scalars(
        select(Rejection)
        .where(Rejection.version_id.in_(list(by_id)))
        .options(joinedload(Rejection.editor))
        .order_by(Rejection.id)
    ):
        entries[rejection.version_id].rejections.append(rejection)
    return list(entries.values())


def get_version(st: SegmentTranslation, version_id: int) -> TranslationVersion:
    version = db.session.get(TranslationVersion, version_id)
    if version is None or (version.segment_id, version.lang) != (st.segment_id, st.lang):
        raise NotFound(
            f"version {version_id} is not a version of segment {st.segment_id} in {st.lang!r}"
        )
    return version


def compare(
    st: SegmentTranslation, a: int, b: int
) -> tuple[TranslationVersion, TranslationVersion, list[Change]]:
    older, newer = get_version(st, a), get_version(st, b)
    return older, newer, diff(older.text, newer.text, st.lang)


def restore_version(
    st: SegmentTranslation, user: User, *, version_id: int, base_revision: int
) -> SegmentTranslation:
    """Save an earlier version's text as a new version: the history only grows.

    A text that was translated or approved comes back as translated (it needs approving
    again); a draft comes back as a draft.
    """
    version = get_version(st, version_id)
    ready = State(version.state) in (State.TRANSLATED, State.APPROVED, State.NEEDS_REVIEW)
    save_translation(
        st,
        user,
        text=version.text,
        base_revision=base_revision,
        state="translated" if ready else "draft",
    )
    audit.record(
        "restore_version",
        actor=user,
        target=f"segment:{st.segment_id}/{st.lang}",
        detail=f"version {version.id}",
    )
    return st


@dataclass(frozen=True)
class RecentChange:
    version: TranslationVersion
    old: str
    changes: list[Change]


@dataclass(frozen=True)
class RecentChanges:
    items: list[RecentChange]
    #: The version id to continue before, or None on the last page.
    next_before: int | None


def recent_changes(
    article: Article, lang: str, before: int | None = None, size: int = PAGE_SIZE
) -> RecentChanges:
    """The latest saves in the article, newest first: source, old and new text, author.

    One query: the version, its segment, its author and its parent come in one row.
    """
    check_target(article, lang)
    parent = aliased(TranslationVersion)
    statement = (
        select(TranslationVersion, parent.text)
        .join(TranslationVersion.segment)
        .join(TranslationVersion.author)
        .outerjoin(parent, parent.id == TranslationVersion.parent_id)
        .where(Segment.article_id == article.id, TranslationVersion.lang == lang)
        .options(
            contains_eager(TranslationVersion.segment),
            contains_eager(TranslationVersion.author),
        )
        .order_by(TranslationVersion.id.desc())
        .limit(size + 1)
    )
    if before is not None:
        statement = statement.where(TranslationVersion.id < before)
    rows = db.session.execute(statement).all()
    items = [
        RecentChange(version, old or "", diff(old or "", version.text, lang))
        for version, old in rows[:size]
    ]
    return RecentChanges(items, items[-1].version.id if len(rows) > size else None)
