"""Plain HTTP/1.1 requests to a gunicorn instance, as the TLS-terminating proxy sends them
(X-Forwarded-Proto: https), with the cookies handled by hand: they are Secure __Host-
cookies, which a client library would refuse to send over the loopback's plain HTTP."""

import http.client
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

TIMEOUT = 30


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    cookies: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.body.decode()


def request(instance, method: str, path: str, *, data=None, headers=None, cookies=None):
    host = f"127.0.0.1:{instance.port}"
    sent = {"Host": host, "X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
    body = None
    if data is not None:
        body = urlencode(data, doseq=True)
        sent |= {
            "Content-Type": "application/x-www-form-urlencoded",
            # What a browser sends with a form; Django's CSRF check compares it to the host.
            "Origin": f"https://{host}",
            "Referer": f"https://{host}{path}",
        }
    if cookies:
        sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    sent |= headers or {}
    connection = http.client.HTTPConnection("127.0.0.1", instance.port, timeout=TIMEOUT)
    try:
        connection.request(method, path, body=body, headers=sent)
        answer = connection.getresponse()
        received = SimpleCookie()
        for header in answer.headers.get_all("Set-Cookie") or []:
            received.load(header)
        return Response(
            answer.status,
            answer.headers,
            answer.read(),
            {name: morsel.value for name, morsel in received.items()},
        )
    finally:
        connection.close()


def get(instance, path: str, **options) -> Response:
    return request(instance, "GET", path, **options)


def post(instance, path: str, data, **options) -> Response:
    return request(instance, "POST", path, data=data, **options)
