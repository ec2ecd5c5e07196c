from flask import Blueprint, request
from flask_login import current_user, login_required

from ..domain.quality import progress_state
from ..domain.segment_filter import MAX_QUERY_CHARS
from ..extensions import db
from ..services import articles, publishing, segment_lists
from ..services.errors import InvalidInput, StaleRevision
from ..services.translating import save_translation
from . import htmx
from .forms import revision_field

bp = Blueprint("translating", __name__)


@bp.get("/articles/<slug>/<lang>/")
@login_required
def editor(slug: str, lang: str):
    article = articles.get_article(slug)
    flt = segment_lists.read_filter(request.args)
    page = segment_lists.page(article, lang, flt)
    context = dict(
        article=article, lang=lang, flt=flt, rows_page=page, max_query_chars=MAX_QUERY_CHARS
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
