from flask import Blueprint, flash, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from ..domain.checks import CHECKS
from ..domain.mt import GATE_SHARE
from ..domain.quality import PENALTY, Category, Severity
from ..extensions import db
from ..services import articles
from ..services.errors import Conflict, InvalidInput, PermissionDenied
from ..services.reviewing import (
    approve_all_translated,
    approve_translation,
    dismiss_current_finding,
    quality,
    reject_translation,
    review_queue,
    set_machine_gate,
    set_self_approval,
)
from . import htmx
from .forms import revision_field

bp = Blueprint("reviewing", __name__)


@bp.post("/segments/<dbint:segment_id>/<lang>/approve")
@login_required
def approve(segment_id: int, lang: str):
    return _verdict(segment_id, lang, approve_translation)


@bp.post("/segments/<dbint:segment_id>/<lang>/reject")
@login_required
def reject(segment_id: int, lang: str):
    return _verdict(
        segment_id,
        lang,
        reject_translation,
        category=request.form.get("category"),
        severity=request.form.get("severity"),
        note=request.form.get("note", ""),
    )


def _verdict(segment_id: int, lang: str, action, **reason):
    st = articles.get_segment_translation(segment_id, lang)
    # The row's form comes along: an edit typed but not saved must survive the swap.
    typed = request.form.get("text")
    try:
        action(st, current_user, base_revision=revision_field(required=False), **reason)
    except Conflict as exc:
        db.session.rollback()
        db.session.refresh(st)
        return htmx.fragment("translating/_row.html", 409, st=st, typed=typed, error=str(exc))
    except InvalidInput as exc:
        db.session.rollback()
        return htmx.fragment("translating/_row.html", 422, st=st, typed=typed, error=str(exc))
    db.session.commit()
    return htmx.fragment("translating/_row.html", st=st, typed=typed, trigger="progress-changed")


@bp.post("/segments/<dbint:segment_id>/<lang>/checks/<check>/dismiss")
@login_required
def dismiss_check(segment_id: int, lang: str, check: str):
    """Set one finding of the current version aside, with the reason typed beside it."""
    return _verdict(
        segment_id,
        lang,
        dismiss_current_finding,
        check=check,
        reason=request.form.get(f"reason-{check}", ""),
    )


@bp.post("/articles/<slug>/<lang>/approve-all")
@login_required
def approve_all(slug: str, lang: str):
    done = approve_all_translated(
        articles.get_article(slug),
        lang,
        current_user,
        only_passing=request.form.get("only_passing") == "1",
    )
    db.session.commit()
    flash(
        ngettext("Approved %(num)d segment.", "Approved %(num)d segments.", done.approved), "info"
    )
    if done.held_by_checks:
        flash(
            ngettext(
                "Left %(num)d segment the checks found problems in.",
                "Left %(num)d segments the checks found problems in.",
                done.held_by_checks,
            ),
            "info",
        )
    if done.skipped_own:
        flash(
            ngettext(
                "Left %(num)d segment you translated yourself for another editor.",
                "Left %(num)d segments you translated yourself for another editor.",
                done.skipped_own,
            ),
            "info",
        )
    return htmx.redirect(url_for("translating.editor", slug=slug, lang=lang))


@bp.get("/articles/<slug>/<lang>/review")
@login_required
def queue(slug: str, lang: str):
    _require_reviewer()
    article = articles.get_article(slug)
    waiting = review_queue(
        article,
        lang,
        request.args.get("translator") or None,
        check=request.args.get("check") or None,
    )
    return render_template(
        "review/queue.html",
        article=article,
        lang=lang,
        queue=waiting,
        checks=CHECKS,
        gate_share=GATE_SHARE,
    )


@bp.get("/articles/<slug>/<lang>/quality")
@login_required
def quality_report(slug: str, lang: str):
    _require_reviewer()
    article = articles.get_article(slug)
    return render_template(
        "review/quality.html",
        article=article,
        lang=lang,
        report=quality(article, lang),
        categories=list(Category),
        severities=list(Severity),
        penalty=PENALTY,
    )


@bp.post("/articles/<slug>/<lang>/machine-gate")
@login_required
def machine_gate(slug: str, lang: str):
    article = articles.get_article(slug)
    set_machine_gate(article, current_user, request.form.get("on") == "1")
    db.session.commit()
    flash(
        gettext(
            "Versions of this article that are mostly unchanged machine translation now "
            "wait for an editor's override."
        )
        if article.mt_gate
        else gettext("Machine translation in this article is no longer held."),
        "info",
    )
    return htmx.redirect(url_for("reviewing.queue", slug=slug, lang=lang))


@bp.post("/articles/<slug>/<lang>/self-approval")
@login_required
def self_approval(slug: str, lang: str):
    article = articles.get_article(slug)
    set_self_approval(article, current_user, request.form.get("allowed") == "1")
    db.session.commit()
    flash(
        gettext("Editors may now approve their own versions of this article.")
        if article.self_approval_allowed
        else gettext("Editors may no longer approve their own versions of this article."),
        "info",
    )
    return htmx.redirect(url_for("reviewing.queue", slug=slug, lang=lang))


def _require_reviewer():
    if not current_user.can("approve"):
        raise PermissionDenied(gettext("only editors and admins review translations"))
