"""Quality checks of saved translations: what they found, and what editors set aside."""

from collections.abc import Container, Sequence

from sqlalchemy import select

from ..domain.checks import Finding, Severity, run_checks
from ..domain.memory import text_key
from ..domain.mt import GATE_SHARE, share_unit, unmodified_share
from ..domain.quality import MAX_NOTE_CHARS
from ..extensions import db
from ..models import (
    Article,
    CheckDismissal,
    MemoryEntry,
    Segment,
    SegmentTranslation,
    TranslationVersion,
    User,
)
from . import audit
from .errors import Conflict, InvalidInput, PermissionDenied
from .glossary import terms_for
from .limits import current_limits, enforce_limit

#: Longest reason for dismissing a finding, in characters (as for a reviewer's note).
MAX_REASON_CHARS = MAX_NOTE_CHARS


def check_texts(source: str, target: str, source_lang: str, target_lang: str) -> list[Finding]:
    """The checks on a pair of texts outside any article (the command line, the API):
    every check with the pair's glossary, but not "inconsistent", which needs a segment."""
    limit = current_limits().max_segment_chars
    for what, text in (("the source", source), ("the translation", target)):
        enforce_limit(what, len(text), "characters", "MAX_SEGMENT_CHARS", limit)
    terms = terms_for(source_lang, target_lang)
    return run_checks(source, target, source_lang, target_lang, terms=terms)


def findings_for(
    st: SegmentTranslation,
    text: str,
    *,
    machine: str | None = None,
    provider: str = "",
    remembered: Container[str] | None = None,
) -> list[Finding]:
    """What the checks find in ``text`` as the translation of ``st``'s segment: every
    check of domain/checks.py with the pair's glossary, "inconsistent", and, when the
    text was taken from ``provider``'s machine translation ``machine`` in an article
    that asks for it, "machine".

    ``remembered``, from remembered_sources, spares the "inconsistent" query for a
    source the memory has no paragraph of."""
    segment = st.segment
    source_lang = segment.article.source_lang
    findings = run_checks(
        segment.source,
        text,
        source_lang,
        st.lang,
        terms=terms_for(source_lang, st.lang),
        tags=segment.tags or {},
    )
    if text.strip() and (remembered is None or text_key(segment.source) in remembered):
        other = _differently_approved(segment, st.lang, text)
        if other is not None:
            findings.append(other)
        if machine is not None and segment.article.mt_gate:
            unedited = _unedited(machine, text, st.lang, provider)
            if unedited is not None:
                findings.append(unedited)
    return findings


def version_findings(
    st: SegmentTranslation,
    version: TranslationVersion,
    remembered: Container[str] | None = None,
) -> list[Finding]:
    """findings_for a saved version, as taken from wherever it was taken from."""
    machine = version.suggestion if version.origin == "mt" else None
    return findings_for(
        st,
        version.text,
        machine=machine,
        provider=version.origin_detail or "",
        remembered=remembered,
    )


def remembered_sources(segments: Sequence[Segment], lang: str) -> set[str]:
    """The digests, among these segments' sources, of those the memory holds an approved
    paragraph of in ``lang``: only they can be translated inconsistently. One query a
    thousand segments, where asking for each would be one a segment."""
    keys = sorted({text_key(segment.source) for segment in segments})
    if not keys:
        return set()
    source_lang = segments[0].article.source_lang
    found: set[str] = set()
    for start in range(0, len(keys), 1000):
        found.update(
            db.session.scalars(
                select(MemoryEntry.source_key).where(
                    MemoryEntry.source_lang == source_lang,
                    MemoryEntry.target_lang == lang,
                    MemoryEntry.level == "paragraph",
                    MemoryEntry.source_key.in_(keys[start : start + 1000]),
                )
            )
        )
    return found


def _unedited(machine: str, text: str, lang: str, provider: str) -> Finding | None:
    share = unmodified_share(machine, text, lang)
    if share <= GATE_SHARE:
        return None
    source = f" ({provider})" if provider else ""
    unit = share_unit(lang)
    return Finding(
        "machine",
        str(Severity.ERROR),
        f"{share:.0%} of this version's {unit} are unchanged machine translation{source}; "
        f"this article asks for at most {GATE_SHARE:.0%}: edit it, or override with a reason",
    )


def _differently_approved(segment: Segment, lang: str, text: str) -> Finding | None:
    """A warning naming another live segment with the same source whose approved
    translation differs from ``text``, if there is one.

    Approved paragraphs are in the translation memory, whose index finds a source by its
    digest: a save never reads through every segment of every article.
    """
    row = db.session.execute(
        select(Article.title, Segment.position, MemoryEntry.target)
        .join(Segment, Segment.id == MemoryEntry.segment_id)
        .join(Article, Article.id == Segment.article_id)
        .where(
            MemoryEntry.source_lang == segment.article.source_lang,
            MemoryEntry.target_lang == lang,
            MemoryEntry.source_key == text_key(segment.source),
            MemoryEntry.level == "paragraph",
            MemoryEntry.segment_id != segment.id,
            # The digest folds case and spacing; the same source means the same text.
            Segment.source == segment.source,
            Segment.retired_revision.is_(None),
            Segment.translatable.is_(True),
            MemoryEntry.target != text,
        )
        .order_by(Article.id, Segment.position)
        .limit(1)
    ).first()
    if row is None:
        return None
    title, position, approved = row
    excerpt = approved if len(approved) <= 80 else approved[:79] + "…"
    return Finding(
        "inconsistent",
        str(Severity.WARNING),
        f"the same source is translated differently in “{title}”, paragraph {position}: "
        f"“{excerpt}”",
    )


def _dismissed(version: TranslationVersion) -> set[str]:
    # The relationship: the editor's rows load every version's dismissals in one query.
    return {dismissal.check for dismissal in version.dismissals}


def _findings(version: TranslationVersion) -> list[Finding]:
    return [
        Finding(item["check"], item["severity"], item["message"]) for item in version.checks or []
    ]


def open_findings(version: TranslationVersion) -> list[Finding]:
    """The version's findings that no editor has dismissed."""
    dismissed = _dismissed(version)
    return [f for f in _findings(version) if f.check not in dismissed]


def current_findings(st: SegmentTranslation) -> list[Finding]:
    """The open findings of the current version: none when there is no version, and none
    read for a clean one (most are), which need not load its dismissals."""
    version = st.current_version
    if version is None or not version.checks:
        return []
    return open_findings(version)


def blocking_findings(version: TranslationVersion) -> list[Finding]:
    """The open errors: the version is not to be approved while there are any."""
    return [f for f in open_findings(version) if f.severity == Severity.ERROR]


def dismiss_finding(
    version: TranslationVersion, check: str, reason: str, user: User
) -> CheckDismissal:
    """Set aside the findings of ``check`` on ``version``, saying why (editors and admins)."""
    if not user.can("approve"):
        raise PermissionDenied("only editors and admins can dismiss a check's finding")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("say why the finding is dismissed: the reason is empty")
    if len(reason) > MAX_REASON_CHARS:
        raise InvalidInput(
            f"the reason has {len(reason)} characters; at most {MAX_REASON_CHARS} are allowed"
        )
    found = list(dict.fromkeys(f.check for f in _findings(version)))
    if check not in found:
        listed = ", ".join(found) if found else "none"
        raise InvalidInput(
            f"version {version.id} has no finding of the check {check!r} (its findings: {listed})"
        )
    if check in _dismissed(version):
        raise Conflict(f"the {check} finding of version {version.id} is already dismissed")
    dismissal = CheckDismissal(version_id=version.id, check=check, reason=reason, editor_id=user.id)
    db.session.add(dismissal)
    db.session.flush()
    db.session.expire(version, ["dismissals"])
    audit.record(
        "dismiss_check",
        actor=user,
        target=f"segment:{version.segment_id}/{version.lang}",
        detail=f"version {version.id}, {check}: {reason}",
    )
    return dismissal
