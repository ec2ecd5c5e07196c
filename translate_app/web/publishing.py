"""Publishing and withdrawing editions: the editors' side of the reading site."""

from pathlib import Path

from flask import Blueprint, current_app, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from ..extensions import db
from ..services import articles, publishing
from ..services.errors import NothingChanged, PermissionDenied
from . import htmx

bp = Blueprint("publishing", __name__)


@bp.post("/articles/<slug>/<lang>/publish")
@login_required
def publish(slug: str, lang: str):
    if not current_user.can("publish"):
        raise PermissionDenied(gettext("only editors and admins can publish"))
    try:
        edition = publishing.publish_edition(
            articles.get_article(slug),
            lang,
            current_user,
            locales_dir=Path(current_app.config["LOCALES_DIR"]),
            editions_dir=Path(current_app.config["EDITIONS_DIR"]),
            force=request.form.get("force") == "1",
        )
    except NothingChanged as exc:
        raise NothingChanged(
            gettext(
                "%(reason)s (“Publish even if nothing changed” on the editions page)",
                reason=str(exc),
            )
        ) from None
    db.session.commit()
    return htmx.redirect(url_for("reading.edition", slug=slug, lang=lang, number=edition.number))


@bp.post("/articles/<slug>/<lang>/editions/<dbint:number>/withdraw")
@login_required
def withdraw(slug: str, lang: str, number: int):
    if not current_user.can("publish"):
        raise PermissionDenied(gettext("only editors and admins can withdraw an edition"))
    edition = publishing.get_edition(articles.get_article(slug), lang, number)
    publishing.withdraw_edition(edition, current_user, request.form.get("reason"))
    db.session.commit()
    return htmx.redirect(url_for("reading.editions", slug=slug, lang=lang))
