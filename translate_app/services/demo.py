"""Demo accounts and the sample corpus, for a first look with ``make run``."""

import secrets
from pathlib import Path

from sqlalchemy import func, select

from ..extensions import db
from ..files import write_private
from ..models import Article, User
from .accounts import create_user
from .glossary import seed_glossary
from .importing import import_article

DEMO_ROLES = ("translator", "editor", "admin")
CREDENTIALS_FILE = "demo-accounts.txt"
# Sample files are named <slug>.<lang>.<ext>; each is translated into the other language.
SAMPLE_TARGETS = {"en": "ko", "ko": "en"}
# glossary.<source>-<target>.csv beside the articles is the sample glossary, not an article.
GLOSSARY_PREFIX = "glossary."


def seed_demo(instance_path: Path, corpus_dir: Path) -> list[str]:
    lines: list[str] = []
    credentials = instance_path / CREDENTIALS_FILE
    if not db.session.scalar(select(func.count(User.id))):
        accounts = [(role, secrets.token_urlsafe(9)) for role in DEMO_ROLES]
        for role, password in accounts:
            create_user(role, role, password)
        write_private(credentials, "".join(f"{role}  {pw}\n" for role, pw in accounts))
    if credentials.exists():
        lines.append(f"demo accounts (user  password), kept in {credentials}:")
        lines.extend("  " + line for line in credentials.read_text().splitlines())
    if not db.session.scalar(select(func.count(Article.id))):
        for path in sorted(corpus_dir.glob("*.*.*")):
            if path.name.startswith(GLOSSARY_PREFIX):
                continue
            source_lang = path.suffixes[-2].lstrip(".")
            article = import_article(
                path.read_bytes(),
                path.name,
                source_lang=source_lang,
                target_langs=[SAMPLE_TARGETS.get(source_lang, "en")],
            )
            lines.append(
                f"imported sample article {article.slug} ({len(article.segments)} segments)"
            )
    glossary = corpus_dir / "glossary.en-ko.csv"
    if glossary.exists():
        seeded = seed_glossary(glossary)
        if seeded.added:
            lines.append(f"sample glossary en -> ko: {seeded.summary()}")
    return lines
