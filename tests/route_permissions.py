"""Who may reach every route: the table the permission walk (test_permissions.py) holds
the app to. A route without a row here fails the walk.

Each row: (method, endpoint) -> what anonymous, translator, editor and admin get.
- ``ok``: let through (any answer but the ones below: the walk asks for authorization,
  not for a valid request, so a 400, 404, 409 or 422 counts as let through);
- ``login``: sent to log in (a redirect to /login for pages, 401 for the API);
- ``403``: refused for the role.
"""

ROLES = ("anonymous", "translator", "editor", "admin")

PERMISSIONS: dict[tuple[str, str], str] = {
    # Public: logging in, the reading site, static files.
    ("GET", "static"): "ok ok ok ok",
    ("GET", "auth.login"): "ok ok ok ok",
    ("POST", "auth.login"): "ok ok ok ok",
    ("POST", "language.switch"): "ok ok ok ok",
    ("GET", "reading.index"): "ok ok ok ok",
    ("GET", "reading.article"): "ok ok ok ok",
    ("GET", "reading.latest"): "ok ok ok ok",
    ("GET", "reading.edition"): "ok ok ok ok",
    ("GET", "reading.editions"): "ok ok ok ok",
    ("GET", "reading.diff"): "ok ok ok ok",
    ("GET", "reading.download"): "ok ok ok ok",
    ("GET", "health.healthz"): "ok ok ok ok",
    ("GET", "api-docs.openapi_json"): "ok ok ok ok",
    # Every logged-in person.
    ("POST", "auth.logout"): "login ok ok ok",
    ("GET", "articles.index"): "login ok ok ok",
    ("GET", "articles.progress"): "login ok ok ok",
    ("GET", "translating.editor"): "login ok ok ok",
    ("POST", "translating.save"): "login ok ok ok",
    ("POST", "translating.autosave"): "login ok ok ok",
    ("POST", "translating.discard"): "login ok ok ok",
    ("POST", "translating.presence"): "login ok ok ok",
    ("GET", "history.panel"): "login ok ok ok",
    ("GET", "history.compare"): "login ok ok ok",
    ("POST", "history.restore"): "login ok ok ok",
    ("GET", "history.recent"): "login ok ok ok",
    ("GET", "comments.panel"): "login ok ok ok",
    ("POST", "comments.add"): "login ok ok ok",
    ("GET", "revising.revisions"): "login ok ok ok",
    ("POST", "comments.resolve"): "login ok ok ok",
    ("GET", "comments.mentions"): "login ok ok ok",
    ("GET", "suggestions.panel"): "login ok ok ok",
    ("GET", "memory.index"): "login ok ok ok",
    ("GET", "glossary.index"): "login ok ok ok",
    ("GET", "glossary.export"): "login ok ok ok",
    ("GET", "catalogs.download"): "login ok ok ok",
    ("GET", "catalogs.upload_form"): "login ok ok ok",
    ("POST", "catalogs.upload"): "login ok ok ok",
    # Editors and admins.
    ("POST", "reviewing.approve"): "login 403 ok ok",
    ("POST", "reviewing.approve_all"): "login 403 ok ok",
    ("POST", "reviewing.dismiss_check"): "login 403 ok ok",
    ("POST", "reviewing.machine_gate"): "login 403 ok ok",
    ("GET", "suggestions.machine"): "login ok ok ok",
    ("POST", "memory.update"): "login 403 ok ok",
    ("POST", "memory.delete"): "login 403 ok ok",
    ("POST", "memory.import_file"): "login 403 ok ok",
    ("POST", "glossary.add"): "login 403 ok ok",
    ("POST", "glossary.delete"): "login 403 ok ok",
    ("POST", "glossary.import_file"): "login 403 ok ok",
    ("POST", "reviewing.reject"): "login 403 ok ok",
    ("GET", "reviewing.queue"): "login 403 ok ok",
    ("GET", "reviewing.quality_report"): "login 403 ok ok",
    ("POST", "publishing.publish"): "login 403 ok ok",
    ("POST", "publishing.withdraw"): "login 403 ok ok",
    ("GET", "importing.form"): "login 403 ok ok",
    ("POST", "importing.submit"): "login 403 ok ok",
    ("POST", "importing.confirm"): "login 403 ok ok",
    ("GET", "aligning.form"): "login 403 ok ok",
    ("POST", "aligning.submit"): "login 403 ok ok",
    ("POST", "aligning.edit"): "login 403 ok ok",
    ("POST", "aligning.confirm"): "login 403 ok ok",
    ("POST", "revising.preview"): "login 403 ok ok",
    ("POST", "revising.translatable"): "login 403 ok ok",
    ("POST", "revising.confirm"): "login 403 ok ok",
    ("POST", "jobs.export"): "login 403 ok ok",
    ("GET", "jobs.show"): "login 403 ok ok",
    ("GET", "jobs.download"): "login 403 ok ok",
    # Admins only.
    ("GET", "admin.audit_log"): "login 403 403 ok",
    ("GET", "admin.users"): "login 403 403 ok",
    ("POST", "admin.create_user"): "login 403 403 ok",
    ("POST", "admin.update_user"): "login 403 403 ok",
    ("POST", "reviewing.self_approval"): "login 403 403 ok",
    # The JSON API: a bearer token instead of a login.
    ("GET", "api.list_articles"): "login ok ok ok",
    ("GET", "api.list_segments"): "login ok ok ok",
    ("GET", "api.memory_matches"): "login ok ok ok",
    ("GET", "api.glossary_terms"): "login ok ok ok",
    ("POST", "api.run_checks"): "login ok ok ok",
    ("POST", "api.mt_suggestions"): "login ok ok ok",
    ("PUT", "api.put_translation"): "login ok ok ok",
    ("GET", "api.translation_history"): "login ok ok ok",
    ("POST", "api.restore"): "login ok ok ok",
    ("GET", "api.list_comments"): "login ok ok ok",
    ("POST", "api.add_comment"): "login ok ok ok",
    ("POST", "api.approve"): "login 403 ok ok",
    ("POST", "api.reject"): "login 403 ok ok",
}


def expected(method: str, endpoint: str) -> dict[str, str] | None:
    row = PERMISSIONS.get((method, endpoint))
    return dict(zip(ROLES, row.split(), strict=True)) if row else None
