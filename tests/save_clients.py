"""A translator that saves through the HTTP API as fast as it can, for the concurrency test.

Standard library only: it runs in processes of its own, started fresh (spawn).
"""

import http.client
import json
import random
from urllib.parse import urlsplit


def request(base_url: str, method: str, path: str, token: str, body: dict | None = None):
    """One request on a connection of its own: a lost response is never retried blindly."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        payload = json.dumps(body).encode() if body is not None else None
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def translate(base_url: str, token: str, slug: str, number: int, saves: int) -> list[tuple]:
    """``saves`` saves to random segments; each names the revision it last saw there.

    Returns (segment id, text, status, revision in the answer) for each save.
    """
    status, segments = request(base_url, "GET", f"/api/v1/articles/{slug}/segments?lang=ko", token)
    assert status == 200, segments
    seen = {segment["id"]: segment["revision"] for segment in segments}
    chooser = random.Random(number)
    results = []
    for n in range(saves):
        segment = chooser.choice(sorted(seen))
        text = f"p{number}-s{n}"
        body = {"text": text, "base_revision": seen[segment], "state": "draft"}
        try:
            status, answer = request(
                base_url, "PUT", f"/api/v1/segments/{segment}/translations/ko", token, body
            )
        except OSError as exc:
            results.append((segment, text, f"{type(exc).__name__}: {exc}", None))
            continue
        revision = answer.get("revision") if isinstance(answer, dict) else None
        if status in (200, 409):
            seen[segment] = revision
        results.append((segment, text, status, revision))
    return results
