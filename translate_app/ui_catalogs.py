"""The user interface's own gettext catalogs (domain ``messages``), through Babel's frontend.

The sources are ``locales/messages.pot`` and ``locales/<lang>/LC_MESSAGES/messages.po``
in the project; the compiled ``messages.mo`` files are build output, written where the
app reads them (``UI_LOCALES_DIR``).
"""

from pathlib import Path

from babel.messages.frontend import CommandLineInterface

from .config import PROJECT_ROOT

DOMAIN = "messages"
SOURCE_DIR = PROJECT_ROOT / "locales"
MAPPING = PROJECT_ROOT / "babel.cfg"
#: What marks a string for translation in the Python code, besides Babel's defaults.
KEYWORDS = ("_l", "lazy_gettext", "lazy_ngettext:1,2", "N_")


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *args])


def extract(pot: Path = SOURCE_DIR / f"{DOMAIN}.pot") -> Path:
    """Write the template of every marked string in the code and the templates."""
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    _pybabel(
        "extract",
        "-F",
        str(MAPPING),
        *keywords,
        "--no-location",
        "--sort-output",
        "--project",
        "translate_app",
        "-o",
        str(pot),
        str(PROJECT_ROOT / "translate_app"),
    )
    return pot


def languages(source_dir: Path = SOURCE_DIR) -> list[str]:
    return sorted(p.parent.parent.name for p in source_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def update(source_dir: Path = SOURCE_DIR) -> None:
    """Merge the template into every language's catalog (new strings come in empty)."""
    _pybabel(
        "update",
        "-D",
        DOMAIN,
        "-i",
        str(source_dir / f"{DOMAIN}.pot"),
        "-d",
        str(source_dir),
        "--ignore-obsolete",
        "--no-fuzzy-matching",
    )


def compile_catalogs(target_dir: Path, source_dir: Path = SOURCE_DIR) -> list[Path]:
    """Compile each language's ``messages.po`` into ``target_dir``; returns the .mo files."""
    written = []
    for lang in languages(source_dir):
        mo = Path(target_dir) / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        mo.parent.mkdir(parents=True, exist_ok=True)
        po = source_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        _pybabel("compile", "-D", DOMAIN, "-l", lang, "-i", str(po), "-o", str(mo))
        written.append(mo)
    return written


def compiled_up_to_date(target_dir: Path, source_dir: Path = SOURCE_DIR) -> bool:
    for lang in languages(source_dir):
        po = source_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        mo = Path(target_dir) / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            return False
    return True
