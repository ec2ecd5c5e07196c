"""What the editor offers beside a segment while it is being translated: the memory's
best matches for its source, then each configured machine translation."""

from flask import Blueprint, request
from flask_login import login_required

from ..extensions import db
from ..services import articles, memory, mt
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
    return htmx.fragment(
        "translating/_suggestions.html", st=st, matches=matches, providers=mt.providers()
    )


@bp.get("/segments/<dbint:segment_id>/<lang>/machine")
@login_required
def machine(segment_id: int, lang: str):
    """The providers' translations of the segment, asked apart from the memory's matches:
    a provider may take seconds, the memory never should."""
    st = articles.get_segment_translation(segment_id, lang)
    segment = st.segment
    found = mt.suggest(segment.source, segment.article.source_lang, lang)
    # What the providers answered is cached for the next translator of this segment.
    db.session.commit()
    first = request.args.get("first", default=1, type=int)
    return htmx.fragment(
        "translating/_machine.html", st=st, suggestions=found, first=max(1, min(first, 99))
    )
