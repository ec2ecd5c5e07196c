"""What the editor offers beside a segment while it is being translated: the memory's
best matches for its source."""

from flask import Blueprint
from flask_login import login_required

from ..services import articles, memory
from . import htmx

bp = Blueprint("suggestions", __name__)


@bp.get("/segments/<dbint:segment_id>/<lang>/suggestions")
@login_required
def panel(segment_id: int, lang: str):
    st = articles.get_segment_translation(segment_id, lang)
    segment = st.segment
    matches = memory.lookup(
        segment.source,
        segment.article.source_lang,
        lang,
        context=memory.context_of(segment, lang),
    )
    return htmx.fragment("translating/_suggestions.html", st=st, matches=matches)
