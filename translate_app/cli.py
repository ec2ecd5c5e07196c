"""The ``translate-app`` command: a Flask CLI group over create_app.

Each command calls the same services as the web views, then commits once; a
refused operation rolls back, prints one line and exits non-zero.
"""

import functools
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, ScriptInfo, with_appcontext
from flask_migrate import upgrade

from .config import PROJECT_ROOT, whole_number
from .extensions import db
from .files import atomic_write
from .services import accounts, articles, compiling, publishing
from .services.demo import seed_demo
from .services.errors import ServiceError
from .services.importing import import_article


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


@click.group("users")
def users_group():
    """Manage user accounts."""


@users_group.command("create")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["translator", "editor", "admin"]))
@unit_of_work
def users_create(name, role):
    """Create a user; the password is read from stdin, or prompted for on a terminal."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    user = accounts.create_user(name, role, password)
    click.echo(f"created {user.role} {user.name}")


@users_group.command("token")
@click.argument("name")
@unit_of_work
def users_token(name):
    """Print a new API token for NAME."""
    click.echo(accounts.issue_token(accounts.get_user(name)))


MAX_IMPORT_BYTES = 5 * 1024 * 1024
CORPUS_DIR = PROJECT_ROOT / "corpus"


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source-lang", required=True, help="Language of the file, e.g. en.")
@click.option(
    "--target-lang", "target_langs", required=True, multiple=True, help="Repeat for several."
)
@click.option("--slug", help="URL name; by default taken from the file name.")
@unit_of_work
def import_command(path: Path, source_lang, target_langs, slug):
    """Import a plain-text or Markdown article."""
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise ServiceError(f"{path.name} is larger than {MAX_IMPORT_BYTES // 1024 // 1024} MiB")
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
@unit_of_work
def publish_command(slug, lang):
    """Publish a new edition of SLUG from its approved translations."""
    article = articles.get_article(slug)
    edition = publishing.publish_edition(
        article,
        publishing.default_lang(article, lang),
        None,
        locales_dir=Path(current_app.config["LOCALES_DIR"]),
        editions_dir=Path(current_app.config["EDITIONS_DIR"]),
    )
    snapshot = edition.load()
    click.echo(
        f"published {slug} edition {edition.number} ({edition.lang}): "
        f"{snapshot.translated_count}/{len(snapshot.rows)} segments translated"
    )


@click.command("export")
@click.argument("slug")
@click.option("--lang", help="Target language (needed when the article has several).")
@click.option("--edition", "number", type=int, help="Edition number; the latest by default.")
@click.option("--format", "fmt", required=True, type=click.Choice(publishing.FORMATS))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@unit_of_work
def export_command(slug, lang, number, fmt, output: Path):
    """Write a published edition to a file."""
    article = articles.get_article(slug)
    edition = publishing.get_edition(article, publishing.default_lang(article, lang), number)
    atomic_write(output, publishing.render_edition(edition.load(), fmt))
    click.echo(f"wrote {slug} edition {edition.number} ({edition.lang}) to {output}")


@click.command("demo")
@unit_of_work
def demo_command():
    """Create demo accounts and import the sample corpus when the database is empty."""
    for line in seed_demo(Path(current_app.instance_path), corpus_dir=CORPUS_DIR):
        click.echo(line)


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


COMMANDS = (
    init_command,
    users_group,
    import_command,
    compile_command,
    publish_command,
    export_command,
    demo_command,
    serve_command,
)


def register_cli(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)


def _create_app() -> Flask:
    from . import create_app

    return create_app()


main = FlaskGroup(create_app=_create_app, help="translate_app: translate, review and publish.")
