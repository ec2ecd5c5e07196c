"""The public reading site: no login. The index of published articles per language, an
article's current edition in three layouts, every edition at its own address, the list
of editions, what changed between two, and their files."""

import io
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import format_date, gettext

from ..domain.editions import LAYOUTS, diff_editions
from ..services import articles, publishing, reading
from ..services.edition_documents import (
    FORMATS,
    MEDIA_TYPES,
    edition_document,
    pick_layout,
    render_html,
)
from ..services.errors import Gone
from .formatting import language_name

bp = Blueprint("reading", __name__)

FORMAT_LABELS = {
    "html": "HTML",
    "md": "Markdown",
    "epub": "EPUB",
    "docx": "Word (DOCX)",
    "pdf": "PDF",
}


@bp.get("/read/")
def index():
    lang = request.args.get("lang") or None
    return render_template("reading/index.html", by_lang=reading.index(lang), lang=lang)


@bp.get("/read/<slug>/")
def article(slug: str):
    """The article in the reader's language, if it is published in it."""
    langs = reading.published_langs(articles.get_article(slug))
    if not langs:
        abort(404)
    best = request.accept_languages.best_match(langs) or langs[0]
    return redirect(url_for("reading.latest", slug=slug, lang=best), 302)


@bp.get("/read/<slug>/<lang>/")
def latest(slug: str, lang: str):
    article_ = articles.get_article(slug)
    editions = reading.editions_of(article_, articles.check_target(article_, lang))
    return _page(article_, lang, reading.current_of(editions) or editions[0], editions)


@bp.get("/read/<slug>/<lang>/<dbint:number>/")
def edition(slug: str, lang: str, number: int):
    article_ = articles.get_article(slug)
    editions = reading.editions_of(article_, articles.check_target(article_, lang))
    return _page(article_, lang, _numbered(editions, slug, lang, number), editions)


def _numbered(editions, slug, lang, number):
    found = next((e for e in editions if e.number == number), None)
    if found is None:
        abort(
            404,
            gettext(
                "%(slug)s has no edition %(number)d in %(lang)s",
                slug=slug,
                number=number,
                lang=lang,
            ),
        )
    return found


def _page(article_, lang, shown, editions):
    layout = pick_layout("html", request.args.get("layout"))
    snapshot = shown.load()
    document = edition_document(snapshot, layout)
    current = reading.current_of(editions)
    here = {"slug": article_.slug, "lang": lang}
    site = {
        "canonical": url_for("reading.edition", **here, number=shown.number, _external=True),
        "alternates": _alternates(article_, lang, snapshot, layout),
        "layouts": [
            (
                name,
                _layout_label(name, snapshot),
                url_for(request.endpoint, **request.view_args, layout=name),
            )
            for name in LAYOUTS
        ],
        "downloads": [
            (
                FORMAT_LABELS[fmt],
                url_for("reading.download", **here, number=shown.number, fmt=fmt, layout=layout),
            )
            for fmt in FORMATS
        ],
        "editions_url": url_for("reading.editions", **here),
        "edition_count": len(editions),
        "newer": current if current is not None and current.number > shown.number else None,
        "withdrawn": _withdrawal(shown),
        "current_url": url_for("reading.latest", **here)
        if current is not None and current is not shown
        else None,
        "index_url": url_for("reading.index", lang=document.lang),
    }
    html = render_html(document, standalone=False, **site)
    return html, 410 if shown.withdrawn else 200


def _withdrawal(edition):
    if not edition.withdrawn:
        return None
    return {"date": format_date(edition.withdrawn_at, "long"), "reason": edition.withdrawn_reason}


def _alternates(article_, lang, snapshot, layout):
    """The article in the other languages, for readers and for search engines: the
    other translations, and the original (or, from the original, this translation)."""
    alternates = [
        {
            "lang": other,
            "url": url_for("reading.latest", slug=article_.slug, lang=other, _external=True),
            "name": language_name(other),
        }
        for other in reading.published_langs(article_)
        if other != lang
    ]
    reading_original = layout == "source-only"
    alternates.append(
        {
            "lang": lang if reading_original else snapshot.source_lang,
            "url": url_for(
                "reading.latest",
                slug=article_.slug,
                lang=lang,
                layout=None if reading_original else "source-only",
                _external=True,
            ),
            "name": language_name(lang if reading_original else snapshot.source_lang),
        }
    )
    return alternates


def _layout_label(layout: str, snapshot) -> str:
    if layout == "side-by-side":
        return gettext("Side by side")
    if layout == "interleaved":
        return gettext("Interleaved")
    lang = snapshot.target_lang if layout == "target-only" else snapshot.source_lang
    return gettext("%(language)s only", language=language_name(lang))


@bp.get("/read/<slug>/<lang>/editions/")
def editions(slug: str, lang: str):
    article_ = articles.get_article(slug)
    editions_ = reading.editions_of(article_, articles.check_target(article_, lang))
    return render_template(
        "reading/editions.html",
        article=article_,
        lang=lang,
        editions=editions_,
        snapshots={e.number: e.load() for e in editions_},
        current=reading.current_of(editions_),
    )


@bp.get("/read/<slug>/<lang>/diff/<dbint:old>/<dbint:new>/")
def diff(slug: str, lang: str, old: int, new: int):
    article_ = articles.get_article(slug)
    editions_ = reading.editions_of(article_, articles.check_target(article_, lang))
    before = _numbered(editions_, slug, lang, old).load()
    after = _numbered(editions_, slug, lang, new).load()
    return render_template(
        "reading/diff.html",
        article=article_,
        lang=lang,
        before=before,
        after=after,
        changes=diff_editions(before, after),
    )


@bp.get("/read/<slug>/<lang>/<dbint:number>/download/<fmt>")
def download(slug: str, lang: str, number: int, fmt: str):
    article_ = articles.get_article(slug)
    shown = publishing.get_edition(article_, lang, number)
    if shown.withdrawn:
        raise Gone(
            gettext(
                "edition %(number)d of %(slug)s was withdrawn: its files are no longer offered",
                number=number,
                slug=slug,
            )
        )
    snapshot = shown.load()
    data, layout = reading.edition_file(
        Path(current_app.config["EDITIONS_DIR"]), shown, snapshot, fmt, request.args.get("layout")
    )
    return send_file(
        io.BytesIO(data),
        mimetype=MEDIA_TYPES[fmt],
        as_attachment=True,
        download_name=reading.download_name(snapshot, layout, fmt),
        max_age=3600,
    )
