"""gunicorn.conf.py's logs: the access log only when GUNICORN_ACCESS_LOG=1, and then only
what docs/operations.md promises. Each case loads the file as gunicorn does, in a process
of its own, and logs one request through gunicorn's own logger."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

ONE_REQUEST = """
import datetime
from gunicorn.app.base import Application
from gunicorn.glogging import Logger


class Configured(Application):
    def load_config(self):
        self.load_config_from_file("gunicorn.conf.py")

    def load(self):
        raise NotImplementedError


class Response:
    status = "200 OK"
    sent = 18551
    headers = [("Content-Type", "text/html; charset=utf-8")]


class Request:
    headers = [("USER-AGENT", "Mozilla/5.0 test"), ("REFERER", "https://ref.example/x")]


environ = {
    "REQUEST_METHOD": "GET",
    "RAW_URI": "/ar/search/?q=Azemmour",
    "PATH_INFO": "/ar/search/",
    "QUERY_STRING": "q=Azemmour",
    "SERVER_PROTOCOL": "HTTP/1.1",
    "REMOTE_ADDR": "203.0.113.9",
    "HTTP_REFERER": "https://ref.example/x",
    "HTTP_USER_AGENT": "Mozilla/5.0 test",
}
logger = Logger(Configured().cfg)
logger.access(Response(), Request(), environ, datetime.timedelta(milliseconds=12))
"""


def access_lines(**environ) -> list[str]:
    clean = {name: value for name, value in os.environ.items() if name != "GUNICORN_ACCESS_LOG"}
    result = subprocess.run(
        [sys.executable, "-c", ONE_REQUEST],
        cwd=settings.BASE_DIR,
        env=clean | environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.parametrize("value", [None, "0", ""])
def test_the_access_log_is_off_unless_asked_for(value):
    environ = {} if value is None else {"GUNICORN_ACCESS_LOG": value}

    assert access_lines(**environ) == []


def test_an_access_line_holds_the_request_but_not_the_query_referrer_browser_or_address():
    (line,) = access_lines(GUNICORN_ACCESS_LOG="1")

    entry = json.loads(line)
    assert entry["logger"] == "gunicorn.access"
    assert (entry["method"], entry["path"], entry["status"], entry["bytes"]) == (
        "GET",
        "/ar/search/",
        "200",
        18551,
    )
    assert entry["duration_ms"] == 12
    assert entry["message"] == "GET /ar/search/ 200 18551 12"
    for private in ("Azemmour", "ref.example", "Mozilla", "203.0.113.9"):
        assert private not in line
