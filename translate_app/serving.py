"""Production serving: gunicorn worker processes around one app, for ``translate-app serve``.

The app is created once in gunicorn's master (``preload_app``) and the workers are
forked from it: a configuration error stops the start before any worker boots, and
a secret key generated on first start is written once, not raced by the workers.
"""

from flask import Flask
from gunicorn.app.base import BaseApplication

from .extensions import db

# Gunicorn's usual line, plus how long the request took.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'


def gunicorn_options(*, host: str, port: int, workers: int, threads: int) -> dict:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        # Requests spend most of their time waiting for the database: a few threads per
        # process keep the CPU busy without the memory of more processes.
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 30,
        "graceful_timeout": 30,
        "keepalive": 5,
        "preload_app": True,
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        # Gunicorn 25+ opens a control socket at one fixed path per user, which a second
        # server on the same machine would fight over; nothing here uses it.
        "control_socket_disable": True,
    }


class GunicornServer(BaseApplication):
    def __init__(self, app: Flask, options: dict):
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        known = self.cfg.settings
        for key, value in self.options.items():
            if key in known:
                self.cfg.set(key, value)
        self.cfg.set("post_fork", _post_fork)

    def load(self) -> Flask:
        return self.application


def _post_fork(server, _worker) -> None:
    # Pooled connections must not be shared across a fork: each worker opens its own.
    with server.app.application.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
