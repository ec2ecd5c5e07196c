"""The ``translate-app`` command: a Flask CLI group over create_app.

Each command calls the same services as the web views, then commits once; a
refused operation rolls back, prints one line and exits non-zero.
"""

import functools
import getpass
import itertools
import json
import logging
import sys
from collections import Counter
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, ScriptInfo, with_appcontext
from flask_migrate import upgrade

from . import ui_catalogs
from .config import PROJECT_ROOT, whole_number
from .domain.editions import LAYOUTS
from .domain.languages import LanguageError, parse_language
from .domain.limits import DB_INT_MAX
from .domain.memory import MIN_SCORE
from .domain.segmentation import slug_from_filename
from .domain.sentences import split_sentences
from .domain.sources import describe_rule
from .domain.tmx import write_tmx
from .extensions import db
from .files import atomic_write
from .services import (
    accounts,
    aligning,
    articles,
    audit,
    backup,
    checks,
    compiling,
    exchange_files,
    glossary,
    memory,
    mt,
    publishing,
    restore,
    revising,
    translation_uploads,
)
from .services.catalog_exports import CATALOG_FORMATS, export_catalog
from .services.compiling import export_time
from .services.demo import seed_demo
from .services.edition_documents import pick_layout
from .services.edition_files import sweep_editions
from .services.errors import NothingChanged, ServiceError
from .services.importing import check_import_size, import_article


def unit_of_work(fn):
    """Commit what the command did, or roll it all back and report the refusal."""

    @functools.wraps(fn)
    @with_appcontext
    def wrapper(*args, **kwargs):
        try:
            result = fn(*args, **kwargs)
            db.session.commit()
            return result
        except ServiceError as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from None
        except BaseException:
            db.session.rollback()
            raise

    return wrapper


@click.command("init")
@with_appcontext
def init_command():
    """Create or upgrade the database (runs the migrations)."""
    upgrade()
    click.echo(f"database ready: {current_app.config['DATABASE_URL']}")
    # After a crash this is where the files are made to agree with the database again.
    try:
        report = sweep_editions(Path(current_app.config["EDITIONS_DIR"]), wait=True)
        removed = compiling.sweep_catalogs(Path(current_app.config["LOCALES_DIR"]), wait=True)
    except ServiceError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(report.summary())
    click.echo(f"catalogs: {len(removed)} temporary removed")


@click.group("users")
def users_group():
    """Manage user accounts."""


LANG_OPTION = click.option(
    "--lang",
    "langs",
    multiple=True,
    help="A target language the user may work on (repeat for several; none: every language).",
)


@users_group.command("create")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["translator", "editor", "admin"]))
@LANG_OPTION
@unit_of_work
def users_create(name, role, langs):
    """Create a user; the password is read from stdin, or prompted for on a terminal."""
    user = accounts.create_user(name, role, _read_password(), langs)
    click.echo(f"created {user.role} {user.name} ({_languages(user)})")


@users_group.command("langs")
@click.argument("name")
@LANG_OPTION
@unit_of_work
def users_langs(name, langs):
    """Limit NAME to the --lang languages; with none, NAME may work on every language."""
    user = accounts.get_user(name)
    accounts.set_languages(user, langs)
    click.echo(f"{user.name}: {_languages(user)}")


def _languages(user) -> str:
    return " ".join(user.language_list) or "every language"


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@users_group.command("token")
@click.argument("name")
@click.option(
    "--days",
    type=click.IntRange(1, accounts.MAX_TOKEN_DAYS),
    help="Lifetime in days (default TOKEN_LIFETIME_DAYS, 90).",
)
@unit_of_work
def users_token(name, days):
    """Print a new API token for NAME (only the token, for $(...) in scripts)."""
    click.echo(accounts.issue_token(accounts.get_user(name), days))


@users_group.command("tokens")
@click.argument("name")
@unit_of_work
def users_tokens(name):
    """List the API tokens of NAME (times in UTC)."""
    tokens = accounts.list_tokens(accounts.get_user(name))
    if not tokens:
        click.echo(f"{name} has no tokens")
        return
    when = "{:%Y-%m-%d %H:%M}".format
    click.echo(f"{'id':>6}  {'created':16}  {'expires':16}  {'last used':16}  revoked")
    for t in tokens:
        used = when(t.last_used_at) if t.last_used_at else "never"
        revoked = when(t.revoked_at) if t.revoked_at else "-"
        click.echo(f"{t.id:>6}  {when(t.created_at)}  {when(t.expires_at)}  {used:16}  {revoked}")


@users_group.command("revoke-token")
@click.argument("name")
@click.argument("token_id", required=False, type=click.IntRange(1, DB_INT_MAX))
@click.option("--all", "revoke_all", is_flag=True, help="Revoke every token of NAME.")
@unit_of_work
def users_revoke_token(name, token_id, revoke_all):
    """Revoke one API token of NAME (an id from `users tokens`), or --all of them."""
    if (token_id is None) == (not revoke_all):
        raise click.UsageError("name one TOKEN_ID or give --all, not both")
    user = accounts.get_user(name)
    if revoke_all:
        click.echo(f"revoked {accounts.revoke_all_tokens(user)} tokens of {name}")
    elif accounts.revoke_token(user, token_id):
        click.echo(f"revoked token {token_id} of {name}")
    else:
        click.echo(f"token {token_id} of {name} was already revoked")


@users_group.command("password")
@click.argument("name")
@unit_of_work
def users_password(name):
    """Set a new password (stdin, or prompted); ends NAME's sessions and tokens."""
    sessions, tokens = accounts.change_password(accounts.get_user(name), _read_password())
    click.echo(f"password of {name} changed; revoked {sessions} sessions and {tokens} tokens")


@users_group.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(["translator", "editor", "admin"]))
@unit_of_work
def users_role(name, role):
    """Give NAME another role."""
    before = accounts.change_role(accounts.get_user(name), role)
    click.echo(f"{name} is now {role} (was {before})")


@users_group.command("disable")
@click.argument("name")
@unit_of_work
def users_disable(name):
    """Close an account: no login, its sessions and tokens revoked, its history kept."""
    sessions, tokens = accounts.disable_user(accounts.get_user(name))
    click.echo(f"disabled {name}; revoked {sessions} sessions and {tokens} tokens")


@users_group.command("enable")
@click.argument("name")
@unit_of_work
def users_enable(name):
    """Open a disabled account again (tokens stay revoked)."""
    accounts.enable_user(accounts.get_user(name))
    click.echo(f"enabled {name}")


@users_group.command("delete")
@click.argument("name")
@unit_of_work
def users_delete(name):
    """Delete an account that wrote, approved, published and ran nothing."""
    accounts.delete_user(accounts.get_user(name))
    click.echo(f"deleted {name}")


@click.command("audit")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--action", type=click.Choice(audit.ACTIONS), help="Only this action.")
@click.option("--user", help="Only what this user did or what was done to the account.")
@unit_of_work
def audit_command(limit, action, user):
    """Print recent audit events, newest first (times in UTC)."""
    page = audit.list_events(action=action, user=user, per_page=limit)
    for e in page.events:
        who = e.actor_name or ("-" if e.address else "(command line)")
        line = f"{e.created_at:%Y-%m-%d %H:%M:%S}  {e.action:15}  {who:16}  {e.target}"
        extras = "  ".join(part for part in (e.detail, e.address and f"from {e.address}") if part)
        click.echo(f"{line}  {extras}".rstrip())
    if not page.events:
        click.echo("no events")


CORPUS_DIR = PROJECT_ROOT / "corpus"


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source-lang", help="Language of the file, e.g. en.")
@click.option("--target-lang", "target_langs", multiple=True, help="Repeat for several.")
@click.option("--slug", help="URL name; by default taken from the file name.")
@click.option(
    "--revise",
    is_flag=True,
    help="Make the file a new source revision of the existing article SLUG.",
)
@click.option("--user", "user_name", help="Who revised the source (with --revise).")
@unit_of_work
def import_command(path: Path, source_lang, target_langs, slug, revise, user_name):
    """Import an article: plain text, Markdown, HTML or Word (.docx)."""
    # Checked before reading: a file past the limit is never loaded into memory.
    check_import_size(path.name, path.stat().st_size)
    if revise:
        _revise(path, source_lang, target_langs, slug, user_name)
        return
    for value, option in ((source_lang, "--source-lang"), (target_langs, "--target-lang")):
        if not value:
            raise click.UsageError(f"Missing option '{option}'.")
    if user_name:
        raise click.UsageError("--user goes with --revise: an import records no author")
    article = import_article(
        path.read_bytes(),
        path.name,
        source_lang=source_lang,
        target_langs=list(target_langs),
        slug=slug,
    )
    click.echo(
        f"imported {article.slug}: {len(article.segments)} segments, "
        f"{article.source_lang} -> {', '.join(article.target_langs)}"
    )
    _echo_reading(revising.revisions_of(article)[-1])


def _revise(path: Path, source_lang, target_langs, slug, user_name) -> None:
    slug = slug or slug_from_filename(path.name)
    article = revising.article_to_revise(slug)
    if source_lang and parse_language(source_lang).code != article.source_lang:
        raise click.UsageError(
            f"{slug} is written in {article.source_lang}; a revision cannot change "
            f"its language to {source_lang}"
        )
    if target_langs:
        raise click.UsageError(
            "a revision keeps the article's target languages: drop --target-lang"
        )
    user = accounts.get_user(user_name) if user_name else None
    revision = revising.revise_article(
        article, path.read_bytes(), path.name, user=user, author=command_line_user()
    )
    counts = revision.load().counts
    click.echo(
        f"revised {slug}: revision {revision.number} ("
        + ", ".join(f"{counts[c]} {c}" for c in revising.CHANGE_ORDER)
        + ")"
    )
    _echo_reading(revision)


def _echo_reading(revision) -> None:
    """How the file was read: the rule that cut it, and anything converted or guessed."""
    summary = revision.load()
    click.echo(f"  read as {describe_rule(summary.rule)}")
    for note in summary.notes:
        click.echo(f"  note: {note}")


@click.command("align")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("translation", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source-lang", required=True, help="Language of SOURCE, e.g. en.")
@click.option("--target-lang", required=True, help="Language of TRANSLATION, e.g. ko.")
@click.option("--slug", help="URL name; by default taken from the SOURCE file name.")
@click.option("--json", "as_json", is_flag=True, help="Print the pairs as JSON.")
@click.option("--apply", is_flag=True, help="Import the article with its pairs approved.")
@click.option("--user", "user_name", help="The editor who approves the pairs (with --apply).")
@unit_of_work
def align_command(source: Path, translation: Path, source_lang, target_lang, slug, as_json,
                  apply, user_name):  # fmt: skip
    """Pair the paragraphs of an article published in two languages; with --apply,
    import it with each pair as an approved translation."""
    if apply and not user_name:
        raise click.UsageError("--apply needs --user: the editor who approves the pairs")
    if user_name and not apply:
        raise click.UsageError("--user goes with --apply")
    for path in (source, translation):
        check_import_size(path.name, path.stat().st_size)
    found = aligning.align_files(
        source.read_bytes(),
        source.name,
        translation.read_bytes(),
        translation.name,
        source_lang=source_lang,
        target_lang=target_lang,
    )
    if apply:
        user = accounts.get_user(user_name)
        done = aligning.import_aligned(
            found, found.pairs, slug=slug or slug_from_filename(source.name), user=user
        )
        click.echo(
            f"imported {done.article.slug}: {len(done.article.segments)} segments, "
            f"{found.source_lang} -> {found.target_lang}; {done.approved} aligned "
            f"translations approved by {user.name}"
        )
        if done.dropped:
            click.echo(f"  dropped {done.dropped} translation paragraphs found in no source pair")
    elif as_json:
        click.echo(json.dumps(_pairs_json(found), ensure_ascii=False, indent=2))
    else:
        for number, pair in enumerate(found.pairs, start=1):
            source_text = _excerpt(" ".join(found.source_text(pair)))
            target_text = _excerpt(" ".join(found.target_text(pair)))
            bead = f"{len(pair.source)}-{len(pair.target)}"
            click.echo(f"{number:>3}  {bead}  {pair.confidence:.2f}  {source_text} | {target_text}")
        click.echo(_summary(found.pairs))


def _pairs_json(found) -> list[dict]:
    return [
        {
            "source": list(pair.source),
            "target": list(pair.target),
            "confidence": round(pair.confidence, 4),
            "source_text": " ".join(found.source_text(pair)),
            "target_text": " ".join(found.target_text(pair)),
        }
        for pair in found.pairs
    ]


def _excerpt(text: str, width: int = 40) -> str:
    return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)


def _summary(pairs) -> str:
    if not pairs:
        return "0 pairs"
    kinds = Counter(f"{len(p.source)}-{len(p.target)}" for p in pairs)
    lowest = min(range(len(pairs)), key=lambda k: pairs[k].confidence)
    return (
        f"{len(pairs)} pairs: "
        + ", ".join(f"{count} {kind}" for kind, count in kinds.most_common())
        + f"; lowest confidence {pairs[lowest].confidence:.2f} (pair {lowest + 1})"
    )


@click.command("compile")
@click.argument("slug", required=False)
@unit_of_work
def compile_command(slug):
    """Write approved translations to LOCALES_DIR/<lang>/LC_MESSAGES/<slug>.po and .mo."""
    locales = Path(current_app.config["LOCALES_DIR"])
    compiled = (
        compiling.compile_article(articles.get_article(slug), locales)
        if slug
        else compiling.compile_all(locales)
    )
    for catalog in compiled:
        click.echo(f"{catalog.po_path} ({catalog.approved}/{catalog.total} approved)")
    if not compiled:
        click.echo("no articles to compile")


@click.command("publish")
@click.argument("slug")
@click.option("--lang", help="Target language (needed when the article has several).")
@click.option("--user", "user_name", help="Who publishes (an editor or admin); kept.")
@click.option(
    "--force", is_flag=True, help="Publish even if nothing changed since the latest edition."
)
@unit_of_work
def publish_command(slug, lang, user_name, force):
    """Publish a new edition of SLUG from its approved translations."""
    article = articles.get_article(slug)
    try:
        edition = publishing.publish_edition(
            article,
            publishing.default_lang(article, lang),
            accounts.get_user(user_name) if user_name else None,
            locales_dir=Path(current_app.config["LOCALES_DIR"]),
            editions_dir=Path(current_app.config["EDITIONS_DIR"]),
            force=force,
            publisher=None if user_name else command_line_user(),
        )
    except NothingChanged as exc:
        raise NothingChanged(f"{exc} (--force)") from None
    snapshot = edition.load()
    click.echo(
        f"published {slug} edition {edition.number} ({edition.lang}): "
        f"{snapshot.translated_count}/{snapshot.translatable_count} segments approved, "
        f"by {snapshot.published_by}{', forced' if force else ''}"
    )


def command_line_user() -> str:
    """Who published, when no account was named: the system account, marked as such."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return f"{name} (command line)"


@click.command("withdraw")
@click.argument("slug")
@click.option("--lang", help="Target language (needed when the article has several).")
@click.option("--edition", "number", type=int, required=True, help="The edition to withdraw.")
@click.option("--user", "user_name", required=True, help="Who withdraws it (an editor or admin).")
@click.option("--reason", required=True, help="Why; readers of the edition's page see it.")
@unit_of_work
def withdraw_command(slug, lang, number, user_name, reason):
    """Withdraw an edition from readers; it stays in the record."""
    article = articles.get_article(slug)
    edition = publishing.get_edition(article, publishing.default_lang(article, lang), number)
    publishing.withdraw_edition(edition, accounts.get_user(user_name), reason)
    click.echo(f"withdrew {slug} edition {edition.number} ({edition.lang})")


@click.command("export")
@click.argument("slug")
@click.option("--lang", help="Target language (needed when the article has several).")
@click.option("--edition", "number", type=int, help="Edition number; the latest by default.")
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice([*publishing.FORMATS, *CATALOG_FORMATS]),
    help="An edition (html, md, epub, docx, pdf) or the article's catalog as it is now "
    "(po, pot, mo, ...).",
)
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    help="Editions: side by side (html, docx, pdf by default), interleaved (md, epub by "
    "default), or one language.",
)
@click.option(
    "--include-unapproved",
    is_flag=True,
    help="Catalogs: also translated versions, and drafts marked fuzzy.",
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@unit_of_work
def export_command(slug, lang, number, fmt, layout, include_unapproved, output: Path):
    """Write a published edition, or the article's catalog, to a file."""
    article = articles.get_article(slug)
    if fmt in CATALOG_FORMATS:
        for given, option in ((number, "--edition"), (layout, "--layout")):
            if given is not None:
                raise click.UsageError(f"{option} is for editions (html, md, ...), not {fmt}")
        if fmt != "pot":
            lang = publishing.default_lang(article, lang)
        exported = export_catalog(article, lang, fmt, include_unapproved=include_unapproved)
        atomic_write(output, exported.data)
        click.echo(f"wrote the {fmt} of {slug}{f' ({lang})' if fmt != 'pot' else ''} to {output}")
        return
    if include_unapproved:
        raise click.UsageError("--include-unapproved is for catalogs (po, mo, ...), not editions")
    edition = publishing.get_edition(article, publishing.default_lang(article, lang), number)
    layout = pick_layout(fmt, layout)
    atomic_write(output, publishing.render_edition(edition.load(), fmt, layout))
    withdrawn = " (withdrawn)" if edition.withdrawn else ""
    click.echo(
        f"wrote {slug} edition {edition.number}{withdrawn} ({edition.lang}, {layout}) to {output}"
    )


@click.command("import-translations")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", required=True, help="The article the file belongs to.")
@click.option("--lang", required=True, help="Target language of the translations.")
@click.option("--user", "user_name", required=True, help="Whose new versions they become.")
@unit_of_work
def import_translations_command(path: Path, slug, lang, user_name):
    """Bring back translations edited in another tool (PO or XLIFF, told by content).

    New texts become versions by USER, translated (fuzzy: draft), never approved. A
    paragraph changed in the app since the file was downloaded is listed as a conflict
    and left as it is; so is what the file has that the article has not.
    """
    check_import_size(path.name, path.stat().st_size)
    report = translation_uploads.import_translations(
        articles.get_article(slug), lang, accounts.get_user(user_name), path.name, path.read_bytes()
    )
    click.echo(report.summary())
    for conflict in report.conflicts:
        click.echo(
            f"conflict: line {conflict.line}, paragraph {conflict.position}: "
            f"{conflict.reason} (by {conflict.app_author}); kept {conflict.app_text!r}, "
            f"not {conflict.file_text!r}"
        )
    for problem in report.unknown:
        click.echo(f"not imported: {problem}")


@click.group("memory")
def memory_group():
    """The translation memory: every approved pair of a language pair."""


@memory_group.command("export")
@click.option("--source-lang", required=True, help="Language of the sources, e.g. en.")
@click.option("--target-lang", required=True, help="Language of the translations, e.g. ko.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@unit_of_work
def memory_export(source_lang, target_lang, output: Path):
    """Write every approved pair of the language pair, across articles, as TMX 1.4b."""
    source = parse_language_option(source_lang)
    target = parse_language_option(target_lang)
    units = exchange_files.memory_units(source, target)
    atomic_write(output, write_tmx(units, source_lang=source, created=export_time()))
    click.echo(f"wrote {len(units)} translation units ({source} -> {target}) to {output}")


@memory_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source-lang", required=True, help="Language of the sources, e.g. en.")
@click.option("--target-lang", required=True, help="Language of the translations, e.g. ko.")
@unit_of_work
def memory_import(file: Path, source_lang, target_lang):
    """Fill the memory from a TMX, PO or XLIFF file (both directions)."""
    source_lang = parse_language_option(source_lang)
    target_lang = parse_language_option(target_lang)
    # Checked before reading: a file past the limit is never loaded into memory.
    check_import_size(file.name, file.stat().st_size)
    result = memory.import_file(file.read_bytes(), file.name, source_lang, target_lang)
    click.echo(
        f"imported {result.imported} pairs into the {source_lang} -> {target_lang} memory "
        f"(and its reverse); skipped {result.skipped}"
    )
    for problem in result.problems:
        click.echo(f"skipped: {problem}")


@memory_group.command("rebuild")
@unit_of_work
def memory_rebuild():
    """Put every approved translation in the memory again (once, after upgrading a
    database whose translations were approved before it had a memory)."""
    count = memory.remember_all()
    click.echo(f"remembered {count} approved translations")


@memory_group.command("lookup")
@click.argument("text")
@click.option("--source-lang", required=True, help="Language of the sources, e.g. en.")
@click.option("--target-lang", required=True, help="Language of the translations, e.g. ko.")
@click.option("--limit", type=int, default=5, show_default=True, help="At most this many.")
@click.option("--json", "as_json", is_flag=True, help="A JSON list, best match first.")
@unit_of_work
def memory_lookup(text, source_lang, target_lang, limit, as_json):
    """The best matches for TEXT in the memory, with their score (0-100)."""
    source_lang = parse_language_option(source_lang)
    target_lang = parse_language_option(target_lang)
    found = memory.lookup(text, source_lang, target_lang, limit=limit)
    if as_json:
        rows = [
            {
                "source": m.source,
                "target": m.target,
                "score": m.score,
                "origin": m.origin,
                "level": m.level,
                "translator": m.translator,
                "created": m.created_at.isoformat(),
            }
            for m in found
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(f"no match of {MIN_SCORE}% or more")
    for m in found:
        click.echo(f"{m.score:3d}%  {m.source}\n      {m.target}\n      ({m.origin})")


@click.group("mt")
def mt_group():
    """Machine translation: the configured providers and their suggestions."""


@mt_group.command("providers")
@with_appcontext
def mt_providers():
    """The configured machine translation providers, one a line: name and label."""
    found = mt.providers()
    if not found:
        click.echo("no machine translation is configured")
    for provider in found:
        click.echo(f"{provider.name}\t{provider.label}")


@mt_group.command("translate")
@click.argument("text")
@click.option("--source-lang", required=True, help="Language of TEXT, e.g. en.")
@click.option("--target-lang", required=True, help="Language to translate into, e.g. ko.")
@click.option("--provider", help="Ask only this provider (libretranslate, deepl or openai).")
@click.option("--json", "as_json", is_flag=True, help="A JSON list, one entry per provider.")
@unit_of_work
def mt_translate(text, source_lang, target_lang, provider, as_json):
    """Each configured provider's translation of TEXT, or why it gave none.

    Exits with status 1 when no provider is configured or every one failed.
    """
    source_lang = parse_language_option(source_lang)
    target_lang = parse_language_option(target_lang)
    found = mt.suggest(text, source_lang, target_lang, provider=provider)
    if not found:
        raise click.ClickException(
            f"no machine translation is configured: set {mt.settings_hint()}"
        )
    if as_json:
        rows = [
            {
                "provider": s.provider,
                "label": s.label,
                "text": s.text,
                "error": s.error,
                "cached": s.cached,
            }
            for s in found
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for s in found:
            cached = " (cached)" if s.cached else ""
            click.echo(f"{s.label}{cached}: {s.text}" if s.text is not None else s.error)
    if all(s.text is None for s in found):
        # Nothing was cached, so there is nothing to keep: a failure is only reported.
        raise click.ClickException("every machine translation provider failed")


def parse_language_option(code: str) -> str:
    try:
        return parse_language(code).code
    except LanguageError as exc:
        raise click.BadParameter(str(exc)) from None


def _language_callback(ctx, param, value):
    return parse_language_option(value)


@click.command("sentences")
@click.option(
    "--lang",
    required=True,
    callback=_language_callback,
    help="Language of the text, e.g. en or ko.",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True), default="-")
def sentences_command(lang, file):
    """Print the sentences of FILE (stdin when omitted or -), one a line.

    Paragraphs are separated by blank lines; a line break inside one is a space. The
    paragraphs' sentences are printed with a blank line between them. No database needed.
    """
    with click.open_file(file, "rb") as stream:
        data = stream.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        source = "stdin" if file == "-" else file
        raise click.ClickException(f"{source} is not UTF-8: {exc}") from None
    lines = itertools.groupby(text.splitlines(), key=lambda line: not line.strip())
    paragraphs = (" ".join(group) for blank, group in lines if not blank)
    printed = [sentences for p in paragraphs if (sentences := split_sentences(p, lang))]
    if printed:
        click.echo("\n\n".join("\n".join(sentences) for sentences in printed))


@click.command("backup")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@unit_of_work
def backup_command(directory: Path):
    """Write the database, the article catalogs and the editions into the new folder DIRECTORY."""
    manifest = backup.create_backup(
        directory,
        locales_dir=Path(current_app.config["LOCALES_DIR"]),
        editions_dir=Path(current_app.config["EDITIONS_DIR"]),
    )
    click.echo(f"backed up {_contents(manifest)} to {directory}")


@click.command("restore")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the content of a database that has some.")
@unit_of_work
def restore_command(directory: Path, force: bool):
    """Load a backup into a database migrated to the backup's revision (see init)."""
    manifest = restore.restore_backup(
        directory,
        locales_dir=Path(current_app.config["LOCALES_DIR"]),
        editions_dir=Path(current_app.config["EDITIONS_DIR"]),
        force=force,
    )
    db.session.commit()
    # Editions of a replaced content are set aside, the restored ones checked.
    report = sweep_editions(Path(current_app.config["EDITIONS_DIR"]), wait=True)
    click.echo(f"restored {_contents(manifest)} from {directory}")
    click.echo(report.summary())


def _contents(manifest: dict) -> str:
    rows = sum(table["rows"] for table in manifest["tables"])
    tables = ", ".join(f"{t['rows']} {t['name']}" for t in manifest["tables"] if t["rows"])
    kinds = [entry["path"].split("/")[0] for entry in manifest["files"]]
    return (
        f"{rows} rows ({tables or 'none'}), {kinds.count('catalogs')} catalog files and "
        f"{kinds.count('editions')} edition files"
    )


@click.command("demo")
@unit_of_work
def demo_command():
    """Create demo accounts and import the sample corpus when the database is empty."""
    for line in seed_demo(Path(current_app.instance_path), corpus_dir=CORPUS_DIR):
        click.echo(line)


@click.command("worker")
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 16),
    help="Jobs run at the same time, one thread each.",
)  # fmt: skip
@with_appcontext
def worker_command(workers):
    """Run the job queue: imports and exports started in the browser. Ctrl+C stops it
    once the running jobs are done."""
    from .worker import job_queue

    for name in ("huey", "translate_app"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("[%(asctime)s] %(name)s: %(message)s"))
            logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    click.echo(f"worker: jobs queued in {current_app.config['JOBS_DB']}")
    try:
        job_queue(current_app).consume(workers)
    except KeyboardInterrupt:
        click.echo("worker: stopped before it was ready")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Worker processes (default: TRANSLATE_APP_WORKERS, or 2).",
)
def serve_command(host, port, workers):
    """Serve the app with gunicorn (production server)."""
    from .serving import GunicornServer, gunicorn_options

    app = click.get_current_context().ensure_object(ScriptInfo).load_app()
    try:
        workers = workers or whole_number(app.config, "WORKERS")
        threads = whole_number(app.config, "THREADS")
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    options = gunicorn_options(host=host, port=port, workers=workers, threads=threads)
    GunicornServer(app, options).run()


@click.group("i18n")
def i18n_group():
    """The user interface's translations (locales/<lang>/LC_MESSAGES/messages.po)."""


@i18n_group.command("extract")
def i18n_extract():
    """Collect the marked strings of the code and templates into locales/messages.pot."""
    click.echo(ui_catalogs.extract())


@i18n_group.command("update")
def i18n_update():
    """Merge locales/messages.pot into every language's messages.po."""
    ui_catalogs.update()
    click.echo(", ".join(ui_catalogs.languages()))


@i18n_group.command("compile")
@with_appcontext
def i18n_compile():
    """Compile every messages.po into the messages.mo the app reads (UI_LOCALES_DIR)."""
    for mo in ui_catalogs.compile_catalogs(Path(current_app.config["UI_LOCALES_DIR"])):
        click.echo(mo)


@click.group("glossary")
def glossary_group():
    """The glossary of a language pair: terms, their translations and status."""


@glossary_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source-lang", required=True, help="Language of the terms, e.g. en.")
@click.option("--target-lang", required=True, help="Language of the translations, e.g. ko.")
@unit_of_work
def glossary_import(path: Path, source_lang, target_lang):
    """Add the terms of a CSV (header source,target[,note,status]) or TBX file; a term
    already there takes the file's status and note. Lines not imported are listed."""
    source = parse_language_option(source_lang)
    target = parse_language_option(target_lang)
    check_import_size(path.name, path.stat().st_size)
    result = glossary.import_glossary(path.read_bytes(), path.name, source, target)
    click.echo(f"glossary {source} -> {target} from {path.name}: {result.summary()}")
    for problem in result.problems:
        click.echo(f"not imported: {problem}")


@glossary_group.command("export")
@click.option("--source-lang", required=True, help="Language of the terms, e.g. en.")
@click.option("--target-lang", required=True, help="Language of the translations, e.g. ko.")
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write: .csv or .tbx (TBX-Basic).",
)  # fmt: skip
@unit_of_work
def glossary_export(source_lang, target_lang, output: Path):
    """Write the pair's glossary as CSV or TBX, by the extension of -o."""
    source = parse_language_option(source_lang)
    target = parse_language_option(target_lang)
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in glossary.FORMATS:
        raise click.BadParameter(f"{output.name}: name a .csv or .tbx file", param_hint="-o")
    data = glossary.export_glossary(source, target, fmt)
    atomic_write(output, data)
    count = len(glossary.list_terms(source, target))
    click.echo(f"wrote {count} glossary terms ({source} -> {target}) to {output}")


@click.command("check")
@click.option("--source", "source_text", required=True, help="The source text.")
@click.option("--target", "target_text", required=True, help="Its translation.")
@click.option("--source-lang", required=True, callback=_language_callback, help="e.g. en.")
@click.option("--target-lang", required=True, callback=_language_callback, help="e.g. ko.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list.")
@unit_of_work
def check_command(source_text, target_text, source_lang, target_lang, as_json):
    """Run the quality checks (with the pair's glossary) on one translation. The exit
    status is 0 whether or not something is found: the findings are the output."""
    found = checks.check_texts(source_text, target_text, source_lang, target_lang)
    if as_json:
        click.echo(json.dumps([f.as_dict() for f in found], ensure_ascii=False))
    elif not found:
        click.echo("no problems found")
    for finding in [] if as_json else found:
        click.echo(f"{finding.severity} {finding.check}: {finding.message}")


COMMANDS = (
    init_command,
    users_group,
    import_command,
    align_command,
    compile_command,
    publish_command,
    withdraw_command,
    export_command,
    import_translations_command,
    memory_group,
    mt_group,
    sentences_command,
    backup_command,
    restore_command,
    demo_command,
    worker_command,
    serve_command,
    audit_command,
    i18n_group,
    glossary_group,
    check_command,
)


def register_cli(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)


def _create_app() -> Flask:
    from . import create_app

    return create_app()


main = FlaskGroup(create_app=_create_app, help="translate_app: translate, review and publish.")
