"""Local stand-ins for the machine translation providers: real HTTP servers on the
loopback interface that implement each provider's documented endpoint.

Each checks the path, the method, the headers and the JSON body as the provider does and
answers as it documents, or fails on demand (an error status, garbage, a slow answer).
"""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeProvider:
    def __init__(self, kind: str, key: str = "") -> None:
        self.kind, self.key = kind, key
        self.requests: list[dict] = []  # the JSON bodies answered, in order
        self.failure: tuple[int, bytes] | None = None  # answer this status and body
        self.failure_headers: dict[str, str] = {}  # with these headers
        self.delay = 0.0  # seconds to wait before answering
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        # A slow answer left behind by a test must not hold up the next one.
        self._server.block_on_close = False
        self._server.handle_error = lambda request, address: None
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeProvider":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    # What each provider expects and answers. A problem with the request is answered
    # the way the provider answers it, so a test sees it as an error suggestion.

    def answer(self, path: str, headers, body: dict) -> tuple[int, dict]:
        return getattr(self, f"_{self.kind}")(path, headers, body)

    def _libretranslate(self, path, headers, body):
        if path != "/translate":
            return 404, {"error": f"no route {path}"}
        expected = {"q", "source", "target", "format"} | ({"api_key"} if self.key else set())
        if set(body) != expected or body["format"] != "text":
            return 400, {"error": f"unexpected fields {sorted(body)}"}
        if self.key and body["api_key"] != self.key:
            return 403, {"error": "Invalid API key"}
        self.requests.append(body)
        return 200, {
            "translatedText": f"libretranslate {body['source']}>{body['target']}: {body['q']}"
        }

    def _deepl(self, path, headers, body):
        if path != "/v2/translate":
            return 404, {"message": f"no route {path}"}
        if headers.get("Authorization") != f"DeepL-Auth-Key {self.key}":
            return 403, {"message": "Wrong auth key"}
        if set(body) != {"text", "source_lang", "target_lang"} or not isinstance(
            body["text"], list
        ):
            return 400, {"message": f"unexpected fields {sorted(body)}"}
        if not (body["source_lang"].isupper() and body["target_lang"].isupper()):
            return 400, {"message": "Value for 'target_lang' not supported."}
        self.requests.append(body)
        source, target = body["source_lang"], body["target_lang"]
        return 200, {
            "translations": [
                {"detected_source_language": source, "text": f"deepl {source}>{target}: {text}"}
                for text in body["text"]
            ]
        }

    def _openai(self, path, headers, body):
        if path != "/v1/chat/completions":
            return 404, {"error": {"message": f"no route {path}", "type": "invalid_request_error"}}
        expected = f"Bearer {self.key}" if self.key else None
        if headers.get("Authorization") != expected:
            return 401, {"error": {"message": "Incorrect API key provided", "type": "auth"}}
        messages = body.get("messages")
        if not body.get("model") or not isinstance(messages, list) or len(messages) != 2:
            return 400, {"error": {"message": "model and messages are required"}}
        if [m["role"] for m in messages] != ["system", "user"] or body.get("temperature") != 0:
            return 400, {"error": {"message": "unexpected messages"}}
        self.requests.append(body)
        content = f"openai {body['model']}: {messages[1]['content']}"
        return 200, {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
        }


def _handler(provider: FakeProvider):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            raw = self.rfile.read(length)
            if provider.delay:
                time.sleep(provider.delay)
            if provider.failure is not None:
                status, data = provider.failure
                return self._send(status, data, provider.failure_headers)
            if self.headers.get("Content-Type") != "application/json":
                return self._send(415, b'{"error": "send JSON"}')
            try:
                body = json.loads(raw)
            except ValueError:
                return self._send(400, b'{"error": "not JSON"}')
            status, answer = provider.answer(self.path, self.headers, body)
            self._send(status, json.dumps(answer).encode())

        def do_GET(self):
            self._send(405, b'{"error": "Method Not Allowed"}')

        def _send(self, status: int, data: bytes, headers: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args):
            pass

    return Handler


def closed_port_url() -> str:
    """A loopback URL where nothing listens: connections are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
