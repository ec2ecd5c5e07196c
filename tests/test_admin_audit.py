"""The audit log for admins: /admin/audit in the browser, `translate-app audit` in a shell."""

import re
from datetime import timedelta

import pytest

from translate_app.domain.limits import DB_INT_MAX
from translate_app.extensions import db
from translate_app.models import AuditEvent

from .conftest import login

PAGE = "/admin/audit"


def add_events(clock, count, action="login_failed", target="user:someone"):
    """``count`` events a second apart, the last one the newest."""
    for n in range(count):
        db.session.add(
            AuditEvent(
                created_at=clock.now + timedelta(seconds=n),
                action=action,
                target=target,
                detail=f"event {n}",
                address="192.0.2.1",
            )
        )
    db.session.commit()


def rows(html):
    return re.findall(r"<td>event (\d+)</td>", html)


def test_translators_and_editors_get_403_and_no_link(client, users):
    for name in ("translator", "editor"):
        login(client, name)
        assert client.get(PAGE).status_code == 403
        assert PAGE not in client.get("/").get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_log_in(client, users):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_admins_see_the_link_and_the_newest_events_first(client, users, clock):
    add_events(clock, 3)
    login(client, "admin")
    assert f'href="{PAGE}"' in client.get("/").get_data(as_text=True)
    html = client.get(PAGE).get_data(as_text=True)
    assert rows(html) == ["2", "1", "0"]
    assert "user:someone" in html and "192.0.2.1" in html
    assert "anonymous" in html  # no actor, but an address: a failed login


def test_fifty_events_a_page(client, users, clock):
    login(client, "admin")
    add_events(clock, 51, action="publish", target="edition:x/ko/1")
    first = client.get(f"{PAGE}?action=publish").get_data(as_text=True)
    assert len(rows(first)) == 50 and rows(first)[0] == "50"
    assert "51 events" in first
    assert 'rel="next" href="/admin/audit?action=publish&amp;page=2"' in first
    assert 'rel="prev"' not in first
    second = client.get(f"{PAGE}?action=publish&page=2").get_data(as_text=True)
    assert rows(second) == ["0"]
    assert 'rel="prev" href="/admin/audit?action=publish&amp;page=1"' in second
    assert 'rel="next"' not in second


def test_filter_by_action_and_by_user(client, users, clock):
    add_events(clock, 2, action="login_failed", target="user:minji")
    add_events(clock, 1, action="role_change", target="user:minji")
    add_events(clock, 1, action="login_failed", target="user:jun")
    login(client, "admin")  # an event of the admin, seen under the admin's name
    assert len(rows(client.get(f"{PAGE}?user=minji").get_data(as_text=True))) == 3
    assert len(rows(client.get(f"{PAGE}?user=minji&action=login_failed").get_data(True))) == 2
    assert len(rows(client.get(f"{PAGE}?action=login_failed").get_data(True))) == 3
    admin = client.get(f"{PAGE}?user=admin").get_data(as_text=True)
    assert "login_ok" in admin and rows(admin) == []
    assert 'value="minji"' in client.get(f"{PAGE}?user=minji").get_data(as_text=True)


PAGE_ERROR = "the page number must be a whole number from 1 on"


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("page=1", None),
        (f"page={DB_INT_MAX}", None),
        (f"page={DB_INT_MAX + 1}", PAGE_ERROR),
        ("page=0", PAGE_ERROR),
        ("page=-1", PAGE_ERROR),
        ("page=two", PAGE_ERROR),
        ("page=%D9%A3", PAGE_ERROR),  # an Arabic-Indic three: a digit to Python, not to SQL
        ("action=dance", "unknown action &#39;dance&#39;"),
    ],
)
def test_bad_pages_and_actions_are_400(client, users, query, error):
    login(client, "admin")
    response = client.get(f"{PAGE}?{query}")
    assert response.status_code == (400 if error else 200)
    if error:
        assert error in response.get_data(as_text=True)


def test_audit_command_prints_the_newest_first(runner, users, clock):
    add_events(clock, 3)
    add_events(clock, 1, action="role_change", target="user:minji")
    result = runner.invoke(args=["audit", "--limit", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert "login_failed" in lines[0] and "event 2" in lines[0] and "from 192.0.2.1" in lines[0]
    assert "event 1" in lines[1]


def test_audit_command_filters_by_action_and_user(runner, users, clock):
    add_events(clock, 2)
    add_events(clock, 1, action="role_change", target="user:minji")
    only = runner.invoke(args=["audit", "--action", "role_change"]).output.splitlines()
    assert len(only) == 1 and "user:minji" in only[0]
    users_lines = runner.invoke(args=["audit", "--user", "someone"]).output.splitlines()
    assert len(users_lines) == 2


def test_audit_command_names_the_command_line_and_refuses_bad_options(runner, users):
    output = runner.invoke(args=["audit", "--action", "user_create"]).output
    assert output.count("(command line)") == 3  # the three accounts of the fixture
    assert runner.invoke(args=["audit", "--action", "publish"]).output == "no events\n"
    bad = runner.invoke(args=["audit", "--action", "dance"])
    assert bad.exit_code != 0 and "'dance' is not one of" in bad.output
    for limit, ok in (("0", False), ("1", True), ("10000", True), ("10001", False)):
        assert (runner.invoke(args=["audit", "--limit", limit]).exit_code == 0) is ok
