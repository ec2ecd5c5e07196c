"""The source revisions of an article: the list, and uploading a new version with a
preview of what it changes before it is confirmed."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from ..extensions import csrf, db
from ..services import articles, exclusions, held_uploads, importing, revising
from ..services.errors import ServiceError
from . import htmx
from .forms import FORM_ALLOWANCE, uploaded_file

bp = Blueprint("revising", __name__)


@bp.get("/articles/<slug>/revisions")
@login_required
def revisions(slug: str):
    return _page(articles.get_article(slug))


@bp.post("/articles/<slug>/revisions")
@csrf.exempt  # checked below, once the body limit fits the largest file an import takes
@login_required
def preview(slug: str):
    revising.check_may_revise(current_user)
    article = articles.get_article(slug)
    request.max_content_length = importing.max_import_bytes() + FORM_ALLOWANCE
    try:
        csrf.protect()
        name, data = uploaded_file(gettext("choose the new version of the article"))
        planned = revising.preview_revision(article, data, name)
        revising.check_changes(planned, name)
    except RequestEntityTooLarge:
        return _page(article, importing.too_large("the file"))
    except ServiceError as exc:
        return _page(article, exc)
    token = held_uploads.hold(current_user, data, name)
    summary = planned.summary()
    return render_template(
        "revising/preview.html", article=article, preview=planned, summary=summary, token=token
    )


@bp.post("/articles/<slug>/revisions/confirm")
@login_required
def confirm(slug: str):
    revising.check_may_revise(current_user)
    article = articles.get_article(slug)
    try:
        name, data = held_uploads.take(current_user, request.form.get("upload", ""))
        revision = revising.revise_article(article, data, name, user=current_user)
    except ServiceError as exc:
        return _page(article, exc)
    db.session.commit()
    flash(gettext("Revision %(number)d of the source is in place.", number=revision.number), "info")
    return redirect(url_for("revising.revisions", slug=slug), 303)


@bp.post("/segments/<dbint:segment_id>/translatable")
@login_required
def translatable(segment_id: int):
    """Take a segment out of translation ("do not translate"), or put it back."""
    exclusions.check_may_exclude(current_user)
    segment = exclusions.get_live_segment(segment_id)
    wanted = request.form.get("translatable") == "1"
    exclusions.set_translatable(segment, current_user, wanted)
    db.session.commit()
    lang = request.form.get("lang", "")
    if not wanted and lang:
        # From the editor: the row gives way to a note that can undo it.
        return htmx.fragment("revising/_excluded_row.html", segment=segment, lang=lang)
    if wanted and lang:
        st = articles.get_segment_translation(segment.id, lang)
        return htmx.fragment("translating/_row.html", st=st, trigger="progress-changed")
    flash(gettext("Segment %(number)d is for translation again.", number=segment.position), "info")
    return redirect(url_for("revising.revisions", slug=segment.article.slug), 303)


def _page(article, error: ServiceError | None = None):
    if error is not None:
        db.session.rollback()
    limit = importing.describe_size(importing.max_import_bytes())
    return render_template(
        "revising/revisions.html",
        article=article,
        revisions=revising.revisions_of(article),
        excluded=exclusions.excluded_segments(article),
        error=str(error) if error else None,
        limit=limit,
    ), (error.status if error else 200)
