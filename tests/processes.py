"""Helpers for tests that run ``translate-app`` in real processes against the test app."""

import json
import os
import subprocess
import sys
from pathlib import Path

import polib

from translate_app.domain.states import State
from translate_app.extensions import db
from translate_app.files import is_temporary
from translate_app.models import Approval, Article, Edition, TranslationVersion
from translate_app.services.articles import segment_translations
from translate_app.services.edition_files import ORPHANED, render_files
from translate_app.services.importing import import_article

TRANSLATE_APP = Path(sys.executable).parent / "translate-app"
LARGE_SLUG = "large"


def cli_env(app) -> dict[str, str]:
    """The environment that points a ``translate-app`` process at the test app's data."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRANSLATE_APP_")}
    env.update(
        TRANSLATE_APP_DATABASE_URL=app.config["DATABASE_URL"],
        TRANSLATE_APP_LOCALES_DIR=app.config["LOCALES_DIR"],
        TRANSLATE_APP_EDITIONS_DIR=app.config["EDITIONS_DIR"],
        TRANSLATE_APP_INSTANCE_PATH=app.instance_path,
        TRANSLATE_APP_SECRET_KEY=app.config["SECRET_KEY"],
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def cli_command(*args: str) -> list[str]:
    return [str(TRANSLATE_APP), *args]


def run_cli(app, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        cli_command(*args), env=cli_env(app), capture_output=True, text=True, timeout=120, **kwargs
    )


def make_large_article(users, segments: int = 2000) -> Article:
    """An article of ``segments`` paragraphs (plus a title), every one translated and approved."""
    text = "A long article\n\n" + "\n\n".join(
        f"Paragraph {n} says something about the city and its people, at some length."
        for n in range(1, segments + 1)
    )
    article = import_article(
        text.encode(), f"{LARGE_SLUG}.en.txt", source_lang="en", target_langs=["ko"]
    )
    # Saved and approved in bulk: the services would take a minute for so many rows.
    rows = segment_translations(article, "ko")
    versions = [
        TranslationVersion(
            segment_id=st.segment_id,
            lang="ko",
            text=f"{st.segment.position}번째 문단의 번역.",
            state=int(State.TRANSLATED),
            author_id=users["translator"].id,
        )
        for st in rows
    ]
    db.session.add_all(versions)
    db.session.flush()
    db.session.add_all(Approval(version_id=v.id, editor_id=users["editor"].id) for v in versions)
    for st, version in zip(rows, versions, strict=True):
        st.current_version_id = st.approved_version_id = version.id
        st.revision, st.state = 1, int(State.APPROVED)
    db.session.commit()
    return article


def editions_in_db(slug: str, lang: str = "ko") -> list[Edition]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            db.select(Edition)
            .join(Edition.article)
            .where(Article.slug == slug, Edition.lang == lang)
            .order_by(Edition.number)
        )
    )


def temporary_entries(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in Path(folder).rglob("*") if is_temporary(p.name)]


def check_editions_agree(app, slug: str, lang: str = "ko") -> list[int]:
    """The database's editions are 1..N, each with a complete folder, and nothing else is there.

    Returns the numbers. Every file must be exactly what the snapshot renders to.
    """
    editions = editions_in_db(slug, lang)
    numbers = [e.number for e in editions]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    place = Path(app.config["EDITIONS_DIR"]) / slug / lang
    on_disk = sorted(p.name for p in place.iterdir()) if place.exists() else []
    assert on_disk == sorted(str(n) for n in numbers)
    for edition in editions:
        folder = place / str(edition.number)
        expected = render_files(edition.load())
        assert sorted(p.name for p in folder.iterdir()) == sorted(expected)
        for name, data in expected.items():
            assert (folder / name).read_bytes() == data, f"{folder / name} differs"
        assert json.loads((folder / "edition.json").read_text())["number"] == edition.number
    editions_dir = Path(app.config["EDITIONS_DIR"])
    assert temporary_entries(editions_dir) == []
    return numbers


def orphaned(app) -> list[Path]:
    root = Path(app.config["EDITIONS_DIR"]) / ORPHANED
    return sorted(p for p in root.glob("*/*/*")) if root.exists() else []


def check_catalogs_valid(app) -> int:
    """Every .po and .mo under LOCALES_DIR parses with polib and passes ``msgfmt --check``."""
    locales = Path(app.config["LOCALES_DIR"])
    assert temporary_entries(locales) == []
    count = 0
    for po in locales.glob("*/LC_MESSAGES/*.po"):
        polib.pofile(str(po))
        subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po)], check=True)
        count += 1
    for mo in locales.glob("*/LC_MESSAGES/*.mo"):
        polib.mofile(str(mo))
        count += 1
    return count
