from pathlib import Path

from flask import Blueprint, current_app, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from ..extensions import db
from ..services import articles, publishing
from ..services.errors import PermissionDenied
from . import htmx

bp = Blueprint("publishing", __name__)


@bp.post("/articles/<slug>/<lang>/publish")
@login_required
def publish(slug: str, lang: str):
    if not current_user.can("publish"):
        raise PermissionDenied(gettext("only editors and admins can publish"))
    edition = publishing.publish_edition(
        articles.get_article(slug),
        lang,
        current_user,
        locales_dir=Path(current_app.config["LOCALES_DIR"]),
        editions_dir=Path(current_app.config["EDITIONS_DIR"]),
    )
    db.session.commit()
    return htmx.redirect(url_for("publishing.edition", slug=slug, lang=lang, number=edition.number))


@bp.get("/read/<slug>/<lang>/")
def latest(slug: str, lang: str):
    return _render(slug, lang, None)


@bp.get("/read/<slug>/<lang>/<dbint:number>/")
def edition(slug: str, lang: str, number: int):
    return _render(slug, lang, number)


def _render(slug: str, lang: str, number: int | None):
    edition = publishing.get_edition(articles.get_article(slug), lang, number)
    return render_template("publishing/edition.html", edition=edition.load(), standalone=False)
