"""The permission walk: every route of the URL map, tried as anonymous, translator,
editor and admin, against the table in route_permissions.py."""

from pathlib import Path

import pytest
from sqlalchemy import select

from translate_app.extensions import db
from translate_app.models import MemoryEntry
from translate_app.services import glossary
from translate_app.services.accounts import issue_token
from translate_app.services.articles import get_segment_translation
from translate_app.services.comments import add_comment
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

from .conftest import SLUG, csrf_token, login
from .route_permissions import PERMISSIONS, ROLES, expected

SKIPPED_METHODS = {"HEAD", "OPTIONS"}


def routes(app) -> list[tuple[str, str, object]]:
    return sorted(
        (method, rule.endpoint, rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - SKIPPED_METHODS
    )


def test_every_route_has_a_row_and_every_row_a_route(app):
    found = {(method, endpoint) for method, endpoint, _ in routes(app)}
    missing = sorted(found - PERMISSIONS.keys())
    stale = sorted(PERMISSIONS.keys() - found)
    assert not missing, f"routes without a row in tests/route_permissions.py: {missing}"
    assert not stale, f"rows in tests/route_permissions.py for no route: {stale}"


@pytest.fixture
def world(app, users, article):
    """One approved segment and one published edition, so that every URL names something."""
    st = get_segment_translation(article.segments[1].id, "ko")
    save_translation(st, users["translator"], text="번역", base_revision=0, state="translated")
    approve_translation(st, users["editor"])
    comment = add_comment(st, users["translator"], "@editor 이 번역 괜찮나요?")
    term = glossary.add_term(users["editor"], "en", "ko", source="Pyongyang", target="평양")
    db.session.commit()
    entry_id = db.session.scalar(select(MemoryEntry.id).order_by(MemoryEntry.id))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["publish", SLUG]).exit_code == 0
    tokens = {role: issue_token(user) for role, user in users.items()}
    db.session.commit()
    values = {
        "slug": SLUG,
        "lang": "ko",
        "segment_id": article.segments[1].id,
        "number": 1,
        "old": 1,
        "new": 1,
        "filename": "app.css",
        "job_id": 1,
        "user_id": users["translator"].id,
        "comment_id": comment.id,
        "fmt": "po",
        "term_id": term.id,
        "entry_id": entry_id,
        "check": "numbers",
    }
    return values, tokens


def url_for_rule(rule, values: dict) -> str:
    unknown = rule.arguments - values.keys()
    assert not unknown, f"the walk has no value for {sorted(unknown)} in {rule.rule}"
    return rule.build({name: values[name] for name in rule.arguments})[1]


def outcome(response, api: bool) -> str:
    if api:
        return {401: "login", 403: "403"}.get(response.status_code, "ok")
    # Sent to log in and come back (a logout also lands on /login, but with no way back).
    if response.status_code in (302, 303) and "/login?next=" in response.headers["Location"]:
        return "login"
    return "403" if response.status_code == 403 else "ok"


def attempt(app, method: str, url: str, role: str, api: bool, tokens: dict):
    client = app.test_client()
    if api:
        headers = {"Authorization": f"Bearer {tokens[role]}"} if role != "anonymous" else {}
        kwargs = {"json": {}, "headers": headers}
    else:
        token = login(client, role) if role != "anonymous" else csrf_token(client)
        kwargs = {"data": {"csrf_token": token}, "headers": {"X-CSRFToken": token}}
    with client.open(url, method=method, **kwargs) as response:
        return response


def test_the_walk(app, world):
    values, tokens = world
    wrong = []
    for method, endpoint, rule in routes(app):
        want = expected(method, endpoint)
        assert want is not None, f"no row for {method} {endpoint}"
        url = url_for_rule(rule, values)
        api = endpoint.startswith("api.")
        for role in ROLES:
            response = attempt(app, method, url, role, api, tokens)
            got = outcome(response, api)
            assert response.status_code < 500, f"{method} {url} as {role}: a server error"
            if got != want[role]:
                wrong.append(f"{method} {url} as {role}: {got} ({response.status_code}), "
                             f"expected {want[role]}")  # fmt: skip
    assert not wrong, "\n".join(wrong)


def readme_rows() -> set[tuple[str, str, str]]:
    """The rows of the README's table "Who may do what": (method, path, the four answers)."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Who may do what", 1)[1].split("\n#", 1)[0]
    rows = set()
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2 + len(ROLES) and cells[0] in {"GET", "POST", "PUT", "DELETE"}:
            rows.add((cells[0], cells[1].strip("`"), " ".join(cells[2:])))
    return rows


def test_the_readme_table_is_the_walked_table(app):
    paths = {
        (method, endpoint): rule.rule.replace("dbint:", "")
        for method, endpoint, rule in routes(app)
    }
    table = {
        (method, paths[method, endpoint], row) for (method, endpoint), row in PERMISSIONS.items()
    }
    documented = readme_rows()
    assert not table - documented, (
        f"missing or different in the README: {sorted(table - documented)}"
    )
    assert not documented - table, f"in the README, not in the table: {sorted(documented - table)}"
