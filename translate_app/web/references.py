"""A second language beside the source: another target language of the article, shown
under each source paragraph as a reference (e.g. the Japanese while translating into
Chinese). The choice is kept per article in the session, so that every row rendered
after it (a save, a restore, the next page) shows it too."""

from flask import g, request, session

from ..models import Article, Segment
from ..services import segment_lists
from ..services.errors import InvalidInput

_KEY = "reference_langs"


def _fits(article: Article, lang: str, ref: str | None) -> bool:
    # Checked in this order so that without a choice the targets are not even read: a
    # save stays five statements.
    return bool(ref) and ref != lang and ref in article.target_langs


def choose(article: Article, lang: str) -> str | None:
    """The reference language for this article, changed when the request names one."""
    chosen = dict(session.get(_KEY, {}))
    if "ref" in request.args:
        ref = request.args["ref"].strip()
        if ref and not _fits(article, lang, ref):
            others = [t for t in article.target_langs if t != lang]
            raise InvalidInput(
                f"the reference language must be another target language of {article.slug} "
                f"({', '.join(others) or 'it has none'}), not {ref!r}"
            )
        if ref:
            chosen[article.slug] = ref
        else:
            chosen.pop(article.slug, None)
        session[_KEY] = chosen
    ref = chosen.get(article.slug)
    return ref if _fits(article, lang, ref) else None


def preload(article: Article, lang: str, segment_ids: list[int]) -> str | None:
    """Read the reference texts of a page of rows in one query."""
    ref = choose(article, lang)
    g.reference = (ref, segment_lists.reference_texts(segment_ids, ref) if ref else {})
    return ref


def reference_for(segment: Segment, lang: str):
    """(language, text) to show under the source, or None."""
    if "reference" not in g:
        ref = session.get(_KEY, {}).get(segment.article.slug)
        valid = _fits(segment.article, lang, ref)
        g.reference = (ref, segment_lists.reference_texts([segment.id], ref) if valid else {})
    ref, texts = g.reference
    text = texts.get(segment.id)
    return (ref, text) if text else None
