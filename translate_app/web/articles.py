from flask import Blueprint, render_template
from flask_login import login_required

from ..domain.quality import progress_state
from ..services import articles, publishing

bp = Blueprint("articles", __name__)


@bp.get("/")
@login_required
def index():
    listing = [
        (article, [_target(article, lang) for lang in article.target_langs])
        for article in articles.list_articles()
    ]
    return render_template("articles/index.html", listing=listing)


@bp.get("/articles/<slug>/<lang>/progress")
@login_required
def progress(slug: str, lang: str):
    article = articles.get_article(slug)
    return render_template(
        "articles/_progress.html",
        article=article,
        lang=lang,
        progress=articles.progress(article, articles.check_target(article, lang)),
    )


def _target(article, lang: str):
    progress = articles.progress(article, lang)
    return lang, progress, progress_state(progress, publishing.latest_number(article, lang) > 0)
