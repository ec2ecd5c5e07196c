from flask import Blueprint, jsonify, request
from flask_babel import format_time
from flask_login import current_user, login_required

from ..domain.quality import progress_state
from ..domain.segment_filter import MAX_QUERY_CHARS
from ..extensions import db
from ..services import articles, comments, drafting, publishing, segment_lists
from ..services.errors import InvalidInput, ServiceError, StaleRevision
from ..services.translating import save_translation
from . import htmx, references
from .forms import revision_field

bp = Blueprint("translating", __name__)


@bp.get("/articles/<slug>/<lang>/")
@login_required
def editor(slug: str, lang: str):
    article = articles.get_article(slug)
    flt = segment_lists.read_filter(request.args)
    page = segment_lists.page(article, lang, flt)
    reference = references.preload(article, lang, [st.segment_id for st in page.rows])
    context = dict(
        reference=reference,
        article=article,
        lang=lang,
        flt=flt,
        rows_page=page,
        max_query_chars=MAX_QUERY_CHARS,
        unsaved=drafting.unsaved_for(current_user, page.rows),
        open_comments=comments.open_counts([st.segment_id for st in page.rows], lang),
    )
    if htmx.is_htmx() and flt.after is not None:
        # The next page, asked for by the last row as it scrolls into view.
        return htmx.fragment("translating/_rows.html", **context)
    progress = articles.progress(article, lang)
    latest_edition = publishing.latest_number(article, lang)
    return htmx.page_or_fragment(
        "translating/editor.html",
        "translating/_segments.html",
        progress=progress,
        latest_edition=latest_edition,
        article_state=progress_state(progress, latest_edition > 0),
        **context,
    )


@bp.post("/segments/<dbint:segment_id>/<lang>")
@login_required
def save(segment_id: int, lang: str):
    st = articles.get_segment_translation(segment_id, lang)
    text = request.form.get("text", "")
    try:
        save_translation(
            st,
            current_user,
            text=text,
            base_revision=revision_field(required=True),
            state=request.form.get("state", "draft"),
            origin=request.form.get("origin", "typed"),
            origin_detail=request.form.get("origin_detail", ""),
            suggestion=request.form.get("suggestion"),
        )
    except StaleRevision as exc:
        db.session.rollback()
        # Both texts are shown; the typed one stays in the box, now based on the
        # current revision, so saving again is a deliberate choice.
        return htmx.fragment(
            "translating/_row.html", 409, st=exc.current, typed=text, conflict=str(exc)
        )
    except InvalidInput as exc:
        db.session.rollback()
        return htmx.fragment("translating/_row.html", 422, st=st, typed=text, error=str(exc))
    # Rendered before the commit, so that the row is this save even when another one
    # lands right after it (the next save from this row then meets it as a conflict).
    response = htmx.fragment("translating/_row.html", st=st, trigger="progress-changed")
    db.session.commit()
    return response


@bp.post("/segments/<dbint:segment_id>/<lang>/autosave")
@login_required
def autosave(segment_id: int, lang: str):
    """Keep what is being typed; answers JSON for the editor's indicator."""
    st = articles.get_segment_translation(segment_id, lang)
    try:
        kept = drafting.autosave(
            st,
            current_user,
            text=request.form.get("text", ""),
            base_revision=revision_field(required=True),
        )
    except ServiceError as exc:
        db.session.rollback()
        return jsonify(error=str(exc), revision=st.revision), exc.status
    saved_at = kept.updated_at
    db.session.commit()
    return jsonify(saved_at=format_time(saved_at))


@bp.post("/segments/<dbint:segment_id>/<lang>/discard")
@login_required
def discard(segment_id: int, lang: str):
    """Drop the autosaved text (or, after a conflict, mine): the row shows the saved text."""
    st = articles.get_segment_translation(segment_id, lang)
    drafting.discard(st, current_user)
    db.session.commit()
    return htmx.fragment("translating/_row.html", st=st)


@bp.post("/articles/<slug>/<lang>/presence")
@login_required
def presence(slug: str, lang: str):
    article = articles.get_article(slug)
    articles.check_target(article, lang)
    others = drafting.here(article, lang, current_user)
    db.session.commit()
    return htmx.fragment("translating/_presence.html", others=others)
