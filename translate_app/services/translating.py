"""Saving translations: every save is a new immutable version."""

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from ..domain.mt import unmodified_share
from ..domain.states import State, TransitionError, state_after_save
from ..domain.text import CharacterError, check_characters
from ..extensions import db
from ..models import SegmentTranslation, TranslationVersion, User
from . import checks
from .accounts import check_language
from .errors import InvalidInput, PermissionDenied, StaleRevision
from .limits import current_limits, enforce_limit


def check_typing(st: SegmentTranslation, user: User, text: str) -> None:
    """What a save and an autosave both refuse: who may not type here, and characters
    no text may hold."""
    if not user.can("translate"):
        raise PermissionDenied("you may not translate")
    check_language(user, st.lang)
    try:
        check_characters(text)
    except CharacterError as exc:
        raise InvalidInput(
            f"the translation contains {exc} at character {exc.index + 1}; remove it and save again"
        ) from None


def check_length(text: str) -> None:
    enforce_limit(
        "the translation",
        len(text),
        "characters",
        "MAX_SEGMENT_CHARS",
        current_limits().max_segment_chars,
    )


#: Where a saved text came from: typed, or taken from a memory match or a machine
#: translation (and then perhaps edited).
ORIGINS = ("typed", "memory", "mt")
#: Longest description of a suggestion's source ("memory 87%", a provider's name).
MAX_ORIGIN_DETAIL_CHARS = 200


def unchanged_percent(version: TranslationVersion) -> int | None:
    """How much of a version, 0-100, is the suggestion it was taken from, unchanged; None
    for a typed one."""
    if version.origin == "typed" or version.suggestion is None:
        return None
    return round(100 * unmodified_share(version.suggestion, version.text, version.lang))


def save_translation(
    st: SegmentTranslation,
    user: User,
    *,
    text: str,
    base_revision: int,
    state: str,
    origin: str = "typed",
    origin_detail: str = "",
    suggestion: str | None = None,
) -> SegmentTranslation:
    check_typing(st, user, text)
    text = normalize_text(text)
    origin, origin_detail, suggestion = _check_origin(origin, origin_detail, suggestion)
    try:
        new_state = state_after_save(State.from_api_name(state))
    except (ValueError, TransitionError) as exc:
        raise InvalidInput(str(exc)) from None
    if not text:
        raise InvalidInput("the translation is empty")
    check_length(text)

    parent_id = st.current_version_id
    # Compare-and-set on the revision: of two saves based on the same revision, the
    # database lets exactly one through, on SQLite and PostgreSQL alike.
    revision = db.session.execute(
        update(SegmentTranslation)
        .where(SegmentTranslation.id == st.id, SegmentTranslation.revision == base_revision)
        .values(revision=SegmentTranslation.revision + 1, state=int(new_state))
        .returning(SegmentTranslation.revision)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if revision is None:
        db.session.refresh(st)
        raise StaleRevision(st)
    # What the update wrote, without reading the row back (one round trip less a save).
    set_committed_value(st, "revision", revision)
    set_committed_value(st, "state", int(new_state))
    version = TranslationVersion(
        segment_id=st.segment_id,
        lang=st.lang,
        text=text,
        state=int(new_state),
        author_id=user.id,
        parent_id=parent_id,
        origin=origin,
        origin_detail=origin_detail,
        suggestion=suggestion,
        checks=[
            finding.as_dict()
            for finding in checks.findings_for(
                st,
                text,
                machine=suggestion if origin == "mt" else None,
                provider=origin_detail,
            )
        ],
    )
    db.session.add(version)
    db.session.flush()
    # A new version has no dismissed findings: its row need not ask.
    set_committed_value(version, "dismissals", [])
    st.current_version = version
    db.session.flush()
    return st


def _check_origin(
    origin: str | None, detail: str | None, suggestion: str | None
) -> tuple[str, str, str | None]:
    origin = origin or "typed"
    if origin not in ORIGINS:
        raise InvalidInput(f"unknown origin {origin!r}: use one of {', '.join(ORIGINS)}")
    detail = " ".join((detail or "").split())
    if len(detail) > MAX_ORIGIN_DETAIL_CHARS:
        raise InvalidInput(
            f"the origin's description has {len(detail)} characters; "
            f"at most {MAX_ORIGIN_DETAIL_CHARS} are allowed"
        )
    if origin == "typed":
        # Typed text took no suggestion: whatever came along with it is not kept.
        return origin, "", None
    suggestion = normalize_text(suggestion or "")
    if not suggestion:
        raise InvalidInput(f"a text taken from {origin} must send the suggestion it took")
    check_length(suggestion)
    return origin, detail, suggestion


def normalize_text(text: str) -> str:
    # Paragraph segments are single blocks: line breaks typed in the editor fold to spaces.
    return " ".join((text or "").split())
