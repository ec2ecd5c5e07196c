import ast
from pathlib import Path

import translate_app.domain

DOMAIN = Path(translate_app.domain.__file__).parent
FORBIDDEN = ("flask", "flask_babel", "flask_login", "sqlalchemy", "werkzeug")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_domain_modules_know_nothing_of_the_web_or_the_database():
    # Packages too: the source readers live in domain/sources/.
    files = sorted(DOMAIN.rglob("*.py"))
    assert DOMAIN / "sources" / "html.py" in files
    offenders = {
        str(f.relative_to(DOMAIN)): sorted(imported_modules(f) & set(FORBIDDEN))
        for f in files
        if imported_modules(f) & set(FORBIDDEN)
    }
    assert offenders == {}


def test_services_never_commit():
    services = Path(translate_app.domain.__file__).parent.parent / "services"
    committing = [f.name for f in services.glob("*.py") if ".commit(" in f.read_text()]
    assert committing == []
