"""Catalogs in the browser: download an article's PO, POT, MO (and exchange files), and
upload translations edited in another tool."""

import io

from flask import Blueprint, render_template, request, send_file
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from ..extensions import csrf, db
from ..services import articles, importing, translation_uploads
from ..services.accounts import check_language
from ..services.catalog_exports import export_catalog
from ..services.errors import InvalidInput, ServiceError
from .forms import FORM_ALLOWANCE, uploaded_file

bp = Blueprint("catalogs", __name__)


@bp.get("/articles/<slug>/<lang>/download/<fmt>")
@login_required
def download(slug: str, lang: str, fmt: str):
    article = articles.get_article(slug)
    articles.check_target(article, lang)
    check_language(current_user, lang)
    exported = export_catalog(
        article, lang, fmt, include_unapproved=request.args.get("unapproved") == "1"
    )
    return send_file(
        io.BytesIO(exported.data),
        mimetype=exported.mimetype,
        as_attachment=True,
        download_name=exported.filename,
        max_age=0,
    )


@bp.get("/articles/<slug>/<lang>/upload")
@login_required
def upload_form(slug: str, lang: str):
    article = _article_to_upload(slug, lang)
    return _form(article, lang)


@bp.post("/articles/<slug>/<lang>/upload")
@csrf.exempt  # checked below, once the body limit fits the largest file an upload takes
@login_required
def upload(slug: str, lang: str):
    article = _article_to_upload(slug, lang)
    request.max_content_length = importing.max_import_bytes() + FORM_ALLOWANCE
    try:
        csrf.protect()
        name, data = uploaded_file(gettext("choose a .po, .xlf or .tmx file to upload"))
        report = translation_uploads.import_translations(article, lang, current_user, name, data)
    except RequestEntityTooLarge:
        return _refused(article, lang, InvalidInput(importing.too_large("the file")))
    except ServiceError as exc:
        return _refused(article, lang, exc)
    response = render_template("catalogs/report.html", article=article, lang=lang, report=report)
    db.session.commit()
    return response


def _article_to_upload(slug: str, lang: str):
    article = articles.get_article(slug)
    translation_uploads.check_may_upload(article, lang, current_user)
    return article


def _refused(article, lang, exc: ServiceError):
    db.session.rollback()
    return _form(article, lang, str(exc), exc.status)


def _form(article, lang, error: str | None = None, status: int = 200):
    limit = importing.describe_size(importing.max_import_bytes())
    return render_template(
        "catalogs/upload.html", article=article, lang=lang, error=error, limit=limit
    ), status
