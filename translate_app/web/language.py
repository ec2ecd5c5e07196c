"""The language switcher: the choice is kept on the account, or in the session before login."""

from flask import Blueprint, redirect, request, session, url_for
from flask_babel import gettext
from flask_login import current_user

from .. import UI_LANG_KEY, UI_LANGUAGES
from ..extensions import db
from ..services import accounts
from ..services.errors import InvalidInput
from .auth import safe_next

bp = Blueprint("language", __name__)


@bp.post("/language")
def switch():
    lang = request.form.get("lang", "")
    if lang not in UI_LANGUAGES:
        raise InvalidInput(
            gettext("the interface is in English (en) or Korean (ko), not %(lang)s", lang=lang)
        )
    session[UI_LANG_KEY] = lang
    if current_user.is_authenticated:
        accounts.set_ui_language(current_user, lang)
        db.session.commit()
    # Back to the page the form was on, never to another site.
    return redirect(safe_next(request.form.get("next")) or url_for("articles.index"), 303)
