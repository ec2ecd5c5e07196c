"""Reviewing translations: approve, or reject with a reason; the queue and the report."""

from collections.abc import Container
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from ..domain.checks import CHECK_NAMES, Finding
from ..domain.quality import (
    ArticleState,
    QualityReport,
    VerdictError,
    parse_category,
    parse_note,
    parse_severity,
    progress_state,
    quality_report,
)
from ..domain.roles import Role
from ..domain.states import (
    APPROVABLE_STATES,
    State,
    TransitionError,
    state_after_approval,
    state_after_rejection,
)
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
from . import audit, checks, memory
from .accounts import check_language
from .articles import check_target, progress
from .errors import Conflict, InvalidInput, PermissionDenied, StaleRevision
from .publishing import latest_number

OWN_VERSION = (
    "you wrote this version, and this article needs a second pair of eyes: another "
    "editor must approve it (an admin may, or may allow self-approval for the article)"
)


def approve_translation(
    st: SegmentTranslation, user: User, *, base_revision: int | None = None, note: str = ""
) -> SegmentTranslation:
    """Approve the current version. With ``base_revision``, only if it is still current."""
    _check_reviewer(st, user, base_revision, "approve")
    if st.state == State.APPROVED and st.approved_version_id == st.current_version_id:
        return st
    if _is_own(st, user):
        raise PermissionDenied(OWN_VERSION)
    try:
        approved_state = state_after_approval(State(st.state))
    except TransitionError as exc:
        raise Conflict(str(exc)) from None
    blocking = recheck(st)
    if blocking:
        raise Conflict(CHECKS_FAILED.format(problems="; ".join(f.message for f in blocking)))
    return _approve(st, user, approved_state, note)


def _approve(
    st: SegmentTranslation,
    user: User,
    approved_state: State,
    note: str = "",
    *,
    remember=True,
    flush=True,
):
    st.state = int(approved_state)
    db.session.add(Approval(version_id=st.current_version_id, editor_id=user.id, note=note))
    st.approved_version_id = st.current_version_id
    if remember:
        memory.remember_approval(st)
    audit.record("approve", actor=user, target=f"segment:{st.segment_id}/{st.lang}", detail=note)
    if flush:
        db.session.flush()
    return st


CHECKS_FAILED = (
    "the checks found errors in this version: {problems}. Fix them and save, or override "
    "each with a reason, then approve"
)


def recheck(st: SegmentTranslation, remembered: Container[str] | None = None) -> list[Finding]:
    """Run the checks again on the current version, as at approval the glossary and the
    other approved translations may have changed since it was saved; its errors that no
    editor overrode. ``remembered``: as for checks.findings_for."""
    version = st.current_version
    # The findings are derived from the text, not part of it: the text stays as saved.
    version.checks = [
        finding.as_dict() for finding in checks.version_findings(st, version, remembered)
    ]
    return checks.blocking_findings(version)


def reject_translation(
    st: SegmentTranslation,
    user: User,
    *,
    category: str | None,
    severity: str | None,
    note: str | None = "",
    base_revision: int | None = None,
) -> SegmentTranslation:
    """Send the current version back with a reason; its text stays, its state is rejected."""
    _check_reviewer(st, user, base_revision, "reject")
    try:
        verdict = (parse_category(category), parse_severity(severity), parse_note(note))
    except VerdictError as exc:
        raise InvalidInput(str(exc)) from None
    try:
        st.state = int(state_after_rejection(State(st.state)))
    except TransitionError as exc:
        raise Conflict(str(exc)) from None
    category_, severity_, note_ = verdict
    rejection = Rejection(
        version_id=st.current_version_id,
        editor_id=user.id,
        category=category_.value,
        severity=severity_.value,
        note=note_,
    )
    db.session.add(rejection)
    audit.record(
        "reject",
        actor=user,
        target=f"segment:{st.segment_id}/{st.lang}",
        detail=f"{category_.value}, {severity_.value}: {note_}".rstrip(": "),
    )
    db.session.flush()
    # The row shows the reason at once, without reading the version's rejections back.
    db.session.expire(st.current_version, ["rejections"])
    return st


def _check_reviewer(st, user, base_revision, verb):
    if not user.can("approve"):
        raise PermissionDenied(f"only editors and admins can {verb} translations")
    check_language(user, st.lang)
    if base_revision is not None and base_revision != st.revision:
        done = {"approve": "approved", "reject": "rejected"}[verb]
        raise StaleRevision(st, f"the translation changed since you read it; nothing was {done}")


def _is_own(st: SegmentTranslation, user: User) -> bool:
    if user.role == Role.ADMIN or st.current_version is None:
        return False
    if st.segment.article.self_approval_allowed:
        return False
    return st.current_version.author_id == user.id


@dataclass(frozen=True)
class BulkApproval:
    approved: int
    #: Versions the editor wrote themselves, left for someone else.
    skipped_own: int
    #: Versions left because the checks found errors (or, when only those that pass
    #: were asked for, anything at all) that no editor dismissed.
    held_by_checks: int = 0


def approve_all_translated(
    article: Article, lang: str, user: User, *, only_passing: bool = False
) -> BulkApproval:
    """Approve every translated segment; with ``only_passing``, only those whose version
    the checks find nothing open in. Errors always hold a version back."""
    if not user.can("approve"):
        raise PermissionDenied("only editors and admins can approve translations")
    check_target(article, lang)
    check_language(user, lang)
    pending = db.session.scalars(
        select(SegmentTranslation)
        .join(SegmentTranslation.segment)
        .where(
            Segment.article_id == article.id,
            SegmentTranslation.lang == lang,
            SegmentTranslation.state == int(State.TRANSLATED),
        )
        .options(
            joinedload(SegmentTranslation.current_version).selectinload(
                TranslationVersion.dismissals
            ),
            joinedload(SegmentTranslation.segment).joinedload(Segment.article),
        )
    ).all()
    approved: list[SegmentTranslation] = []
    skipped = held = 0
    # The checks read the memory, which nothing here has changed yet: their queries need
    # not flush each version's new findings first, which would be a round trip apiece.
    with db.session.no_autoflush:
        remembered = checks.remembered_sources([st.segment for st in pending], lang)
        for st in pending:
            if _is_own(st, user):
                skipped += 1
                continue
            blocking = recheck(st, remembered)
            if blocking or (only_passing and checks.open_findings(st.current_version)):
                held += 1
                continue
            approved.append(st)
    for st in approved:
        _approve(st, user, state_after_approval(State(st.state)), remember=False, flush=False)
    # One flush writes every approval, and the memory takes them all at once: a long
    # article's approval is a few statements, not a dozen for each paragraph.
    db.session.flush()
    memory.remember_approvals(approved)
    return BulkApproval(len(approved), skipped, held)


def set_machine_gate(article: Article, user: User, on: bool) -> Article:
    """Whether versions of the article that are mostly unchanged machine translation wait
    for an editor's override before approval (editors and admins decide)."""
    if not user.can("approve"):
        raise PermissionDenied("only editors and admins can change the machine-translation gate")
    article.mt_gate = on
    audit.record(
        "set_machine_gate",
        actor=user,
        target=f"article:{article.slug}",
        detail="on" if on else "off",
    )
    db.session.flush()
    return article


def set_self_approval(article: Article, user: User, allowed: bool) -> Article:
    if user.role != Role.ADMIN:
        raise PermissionDenied("only admins can change who may approve their own versions")
    article.self_approval_allowed = allowed
    audit.record(
        "set_self_approval",
        actor=user,
        target=f"article:{article.slug}",
        detail="allowed" if allowed else "forbidden",
    )
    db.session.flush()
    return article


def dismiss_current_finding(
    st: SegmentTranslation,
    user: User,
    *,
    check: str,
    reason: str,
    base_revision: int | None = None,
):
    """Set aside one finding of the current version: a warning is dismissed, an error
    overridden, and the reason stays with the version."""
    if not user.can("approve"):
        raise PermissionDenied("only editors and admins can set a check's finding aside")
    check_language(user, st.lang)
    if base_revision is not None and base_revision != st.revision:
        raise StaleRevision(st, "the translation changed since you read it; nothing was dismissed")
    if st.current_version is None:
        raise InvalidInput("there is no translation to check yet")
    checks.dismiss_finding(st.current_version, check, reason, user)
    return st


@dataclass(frozen=True)
class Queue:
    rows: list[SegmentTranslation]
    translators: list[str]
    translator: str | None
    #: Only versions with this check's finding open, when given.
    check: str | None = None


def review_queue(
    article: Article, lang: str, translator: str | None = None, *, check: str | None = None
) -> Queue:
    """Translated segments waiting for a verdict, the longest waiting first; with
    ``check``, only those whose current version fails that check."""
    check_target(article, lang)
    if check is not None and check not in CHECK_NAMES:
        raise InvalidInput(f"unknown check {check!r}: use one of {', '.join(CHECK_NAMES)}")
    waiting = (
        select(SegmentTranslation)
        .join(SegmentTranslation.segment)
        .join(SegmentTranslation.current_version)
        .join(TranslationVersion.author)
        .where(
            Segment.article_id == article.id,
            SegmentTranslation.lang == lang,
            SegmentTranslation.state.in_([int(s) for s in APPROVABLE_STATES]),
        )
    )
    names = sorted(
        db.session.scalars(waiting.with_only_columns(User.name).distinct().order_by(None))
    )
    if translator:
        waiting = waiting.where(User.name == translator)
    rows = db.session.scalars(
        waiting.options(
            contains_eager(SegmentTranslation.segment),
            contains_eager(SegmentTranslation.current_version).contains_eager(
                TranslationVersion.author
            ),
            contains_eager(SegmentTranslation.current_version)
            .selectinload(TranslationVersion.rejections)
            .joinedload(Rejection.editor),
        ).order_by(TranslationVersion.created_at, TranslationVersion.id)
    ).all()
    if check is not None:
        rows = [
            st
            for st in rows
            if any(finding.check == check for finding in checks.open_findings(st.current_version))
        ]
    return Queue(list(rows), names, translator or None, check)


def quality(article: Article, lang: str) -> QualityReport:
    """Rejections of this article's versions in ``lang``, scored per 1,000 source words."""
    check_target(article, lang)
    in_article = (Segment.article_id == article.id, TranslationVersion.lang == lang)
    errors = db.session.execute(
        select(User.name, Rejection.category, Rejection.severity)
        .join(Rejection.version)
        .join(TranslationVersion.segment)
        .join(TranslationVersion.author)
        .where(*in_article)
    ).all()
    covered = (
        select(TranslationVersion.author_id, TranslationVersion.segment_id)
        .join(TranslationVersion.segment)
        .where(*in_article)
        .distinct()
        .subquery()
    )
    translator_words = dict(
        db.session.execute(
            select(User.name, func.sum(Segment.words))
            .join(covered, covered.c.author_id == User.id)
            .join(Segment, Segment.id == covered.c.segment_id)
            .group_by(User.name)
        ).all()
    )
    words = progress(article, lang).total.words
    return quality_report(errors, words, translator_words)


def state_of(article: Article, lang: str) -> ArticleState:
    return progress_state(progress(article, lang), latest_number(article, lang) > 0)
