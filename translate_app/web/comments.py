from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from ..extensions import db
from ..services import articles, comments
from ..services.errors import InvalidInput
from . import htmx
from .forms import revision_field

bp = Blueprint("comments", __name__)


@bp.get("/segments/<dbint:segment_id>/<lang>/comments")
@login_required
def panel(segment_id: int, lang: str):
    return _panel(articles.get_segment_translation(segment_id, lang))


@bp.post("/segments/<dbint:segment_id>/<lang>/comments")
@login_required
def add(segment_id: int, lang: str):
    st = articles.get_segment_translation(segment_id, lang)
    text = request.form.get("text", "")
    try:
        comments.add_comment(st, current_user, text, revision_field("parent_id", required=False))
    except InvalidInput as exc:
        db.session.rollback()
        # The panel comes back with the reason and the text as typed.
        return _panel(st, 422, error=str(exc), typed=text)
    db.session.commit()
    return _panel(st)


@bp.post("/comments/<dbint:comment_id>/resolve")
@login_required
def resolve(comment_id: int):
    comment = comments.get_comment(comment_id)
    comments.set_resolved(comment, current_user, request.form.get("resolved") != "0")
    db.session.commit()
    return _panel(articles.get_segment_translation(comment.segment_id, comment.lang))


@bp.get("/mentions")
@login_required
def mentions():
    return render_template(
        "comments/mentions.html", found=comments.mentions(current_user), names=comments.user_names()
    )


def _panel(st, status: int = 200, **context):
    return htmx.fragment(
        "comments/_panel.html",
        status,
        st=st,
        threads=comments.threads(st),
        names=comments.user_names(),
        **context,
    )
