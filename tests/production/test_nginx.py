"""deploy/nginx/ as Debian's nginx runs it (docs/deploy.md, step 5): both configurations pass
`nginx -t`, and the portal's, in front of gunicorn, closes unknown hosts, sends HTTP to
HTTPS, compresses pages and data, and serves uploaded files with a safe type only.

nginx runs under Debian's own /etc/nginx/nginx.conf, with the site's files, ports,
certificate and logs moved to a temporary folder: a self-signed certificate stands in for
Let's Encrypt's, loopback ports for 80 and 443. CI installs nginx (.ci/run, which sets
REQUIRE_NGINX=1 so that a missing nginx fails instead of skipping).
"""

import datetime
import gzip
import http.client
import json
import os
import pwd
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.production.conftest import (
    LOOPBACK,
    free_port,
    production_environ,
    skip_unless_postgresql,
    start_instance,
)

DEPLOY = Path(settings.BASE_DIR) / "deploy" / "nginx"
DEBIAN_MAIN = Path("/etc/nginx/nginx.conf")
NAME = "monitor.example.org"  # the name in deploy/nginx/azemmour.conf
TIMEOUT = 20


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if not found or not DEBIAN_MAIN.exists():
        message = "needs Debian's nginx package (apt-get install nginx)"
        if os.environ.get("REQUIRE_NGINX") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


def self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, NAME)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(NAME)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert, private = folder / "fullchain.pem", folder / "privkey.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, private


def replaced(text: str, old: str, new: str, count: int) -> str:
    """`old` replaced by `new`, found exactly `count` times: a configuration that has moved
    on fails here rather than being tested with its production paths left in."""
    found = len(re.findall(old, text, flags=re.MULTILINE))
    assert found == count, f"{old!r}: {found} times, expected {count}"
    return re.sub(old, new, text, flags=re.MULTILINE)


class Nginx:
    def __init__(self, root: Path, http_port: int, https_port: int):
        self.root, self.http_port, self.https_port = root, http_port, https_port
        self.process = None

    @property
    def command(self) -> list:
        return [nginx_binary(), "-p", str(self.root), "-c", str(self.root / "nginx.conf")]

    def test(self) -> subprocess.CompletedProcess:
        return subprocess.run([*self.command, "-t"], capture_output=True, text=True, timeout=30)

    def start(self):
        self.process = subprocess.Popen(
            self.command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(self.process.stdout.read().decode())
            try:
                socket.create_connection((LOOPBACK, self.https_port), 1).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise AssertionError("nginx did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)


def installed(tmp: Path, site: str, *, upstream_port: int = 0, media: Path | None = None):
    """Debian's nginx.conf with `site` as its only site, everything moved under `tmp`."""
    cert, key = self_signed(tmp)
    text = (DEPLOY / site).read_text()
    http_port, https_port = free_port(), free_port()
    text = replaced(text, r"^\s*listen \[::\]:.*$", "", text.count("listen [::]"))
    text = replaced(text, r"listen 80\b", f"listen {LOOPBACK}:{http_port}", text.count("listen 80"))
    text = replaced(
        text, r"listen 443\b", f"listen {LOOPBACK}:{https_port}", text.count("listen 443")
    )
    text = text.replace("/var/www/letsencrypt", str(tmp / "letsencrypt"))
    if site == "azemmour.conf":
        text = replaced(text, rf"/etc/letsencrypt/live/{NAME}/fullchain\.pem", str(cert), 1)
        text = replaced(text, rf"/etc/letsencrypt/live/{NAME}/privkey\.pem", str(key), 1)
        text = replaced(
            text,
            r"server unix:/run/azemmour/gunicorn\.sock",
            f"server {LOOPBACK}:{upstream_port}",
            1,
        )
        text = replaced(text, r"alias /srv/azemmour/media/;", f"alias {media}/;", 1)
    (tmp / "site.conf").write_text(text)

    main = DEBIAN_MAIN.read_text()
    user = pwd.getpwuid(os.getuid()).pw_name  # reads the test's temporary files
    main = replaced(main, r"^user .*;$", f"user {user};" if os.getuid() == 0 else "", 1)
    main = replaced(main, r"^pid .*;$", f"pid {tmp}/nginx.pid;\ndaemon off;", 1)
    main = replaced(main, r"^error_log .*;$", f"error_log {tmp}/error.log;", 1)
    temporary = "\n".join(
        f"\t{kind}_temp_path {tmp}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = replaced(main, r"^\s*access_log .*;$", f"\taccess_log off;\n{temporary}", 1)
    sites = r"^\s*include /etc/nginx/sites-enabled/\*;$"
    main = replaced(main, sites, f"include {tmp}/site.conf;", 1)
    (tmp / "nginx.conf").write_text(main)
    return Nginx(tmp, http_port, https_port)


@pytest.mark.parametrize("site", ["azemmour.conf", "first-certificate.conf"])
def test_debian_nginx_accepts_the_configuration(site, tmp_path):
    nginx = installed(tmp_path, site, upstream_port=free_port(), media=tmp_path)
    result = nginx.test()
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


UPSTREAM = free_port()  # where gunicorn listens when a test needs it


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    root = tmp_path_factory.mktemp("media")
    (root / "photos").mkdir()
    (root / "photos" / "well.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 2000)
    (root / "documents").mkdir()
    (root / "documents" / "page.html").write_text("<script>alert(document.cookie)</script>")
    (root / "withheld").mkdir()
    (root / "withheld" / "deleted.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 2000)
    return root


@pytest.fixture(scope="module")
def nginx(tmp_path_factory, media):
    server = installed(
        tmp_path_factory.mktemp("nginx"), "azemmour.conf", upstream_port=UPSTREAM, media=media
    ).start()
    yield server
    server.stop()


def over_tls(nginx, path: str, *, headers=None):
    server_name = NAME
    context = ssl.create_default_context(cafile=str(nginx.root / "fullchain.pem"))
    connection = http.client.HTTPSConnection(LOOPBACK, nginx.https_port, timeout=TIMEOUT)
    # The name is sent as SNI, and the certificate checked against it.
    connection.sock = context.wrap_socket(
        socket.create_connection((LOOPBACK, nginx.https_port), TIMEOUT),
        server_hostname=server_name,
    )
    try:
        connection.request("GET", path, headers={"Host": server_name} | (headers or {}))
        answer = connection.getresponse()
        return answer.status, answer.headers, answer.read()
    finally:
        connection.close()


def raw_http(nginx, host: str, path: str = "/ar/") -> bytes:
    with socket.create_connection((LOOPBACK, nginx.http_port), TIMEOUT) as connection:
        request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        connection.sendall(request.encode())
        received = b""
        while chunk := connection.recv(4096):
            received += chunk
        return received


def test_a_request_for_another_host_is_closed_unanswered(nginx):
    assert raw_http(nginx, "203.0.113.7") == b""
    assert raw_http(nginx, f"{NAME}.attacker.example") == b""


def test_tls_for_another_name_is_refused_at_the_handshake(nginx):
    def handshake(server_name: str):
        # No check of the certificate here: only nginx's refusal can fail the handshake.
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        raw = socket.create_connection((LOOPBACK, nginx.https_port), TIMEOUT)
        context.wrap_socket(raw, server_hostname=server_name).close()

    handshake(NAME)
    with pytest.raises(ssl.SSLError, match="UNRECOGNIZED_NAME"):
        handshake("scanner.example")


def test_plain_http_is_sent_to_https(nginx):
    answer = raw_http(nginx, NAME, "/ar/initiatives/?commune=azemmour")
    assert answer.startswith(b"HTTP/1.1 301")
    assert f"Location: https://{NAME}/ar/initiatives/?commune=azemmour\r\n".encode() in answer


def test_uploaded_pictures_are_shown_and_other_files_only_downloaded(nginx):
    status, headers, _ = over_tls(nginx, "/media/photos/well.jpg")
    assert status == 200
    assert headers["Content-Type"] == "image/jpeg"
    assert headers["Content-Disposition"] == "inline"
    assert headers["X-Content-Type-Options"] == "nosniff"

    status, headers, body = over_tls(nginx, "/media/documents/page.html")
    assert status == 200
    assert headers["Content-Type"] == "application/octet-stream"
    assert headers["Content-Disposition"] == "attachment"
    assert "sandbox" in headers["Content-Security-Policy"]


def test_files_kept_for_a_restore_are_not_served(nginx):
    status, _, body = over_tls(nginx, "/media/withheld/deleted.jpg")
    assert status == 404
    assert b"\xff\xd8" not in body


@pytest.fixture(scope="module")
def gunicorn(django_db_setup, collected_static, tmp_path_factory):
    skip_unless_postgresql("gunicorn serving the test database: CI's PostgreSQL pass")
    environ = production_environ(
        STATIC_ROOT=str(collected_static),
        REDIS_URL="",
        DATA_STAMP="database",
        ALLOWED_HOSTS=f"{NAME},{LOOPBACK}",
    )
    log = tmp_path_factory.mktemp("gunicorn") / "behind-nginx.log"
    instance = start_instance(environ=environ, log=log, port=UPSTREAM)
    yield instance
    instance.stop()


def test_pages_and_data_reach_gunicorn_and_come_back_compressed(nginx, gunicorn, transactional_db):
    call_command("load_district", verbosity=0)  # committed: gunicorn reads it
    status, headers, body = over_tls(nginx, "/ar/", headers={"Accept-Encoding": "gzip"})
    assert status == 200, body[:500]
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    page = gzip.decompress(body).decode()
    assert '<html lang="ar" dir="rtl"' in page
    # Django saw HTTPS (X-Forwarded-Proto) and the portal's name (Host).
    assert headers["Strict-Transport-Security"].startswith("max-age=")

    status, headers, body = over_tls(
        nginx, "/api/v1/communes/", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert len(json.loads(gzip.decompress(body))["results"]) == 5

    status, headers, body = over_tls(
        nginx, "/ar/initiatives/export.csv", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body).startswith(b"\xef\xbb\xbf")  # UTF-8 with its mark, for Excel


def test_the_browsers_check_before_sending_a_form_uses_nginxs_limit():
    """A phone refuses files heavier together than UPLOAD_REQUEST_MAX_BYTES before sending
    them (static/js/upload_check.js): the same limit as nginx's, or a form the browser lets
    through would still be refused after its whole upload."""
    conf = (DEPLOY / "azemmour.conf").read_text()
    megabytes = int(re.search(r"^\s*client_max_body_size (\d+)m;", conf, re.MULTILINE)[1])

    assert settings.UPLOAD_REQUEST_MAX_BYTES == megabytes * 1024 * 1024


def test_a_form_too_large_gets_a_page_in_the_portals_languages(nginx):
    """nginx refuses it before the portal sees it: its own page would be in English only."""
    context = ssl.create_default_context(cafile=str(nginx.root / "fullchain.pem"))
    raw = socket.create_connection((LOOPBACK, nginx.https_port), TIMEOUT)
    # One byte more than the browser lets through.
    length = settings.UPLOAD_REQUEST_MAX_BYTES + 1
    with context.wrap_socket(raw, server_hostname=NAME) as connection:
        request = (
            f"POST /ar/suggest/ HTTP/1.1\r\nHost: {NAME}\r\nContent-Type: multipart/form-data; "
            f"boundary=x\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
        )
        connection.sendall(request.encode())
        received = b""
        while chunk := connection.recv(4096):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert b"text/html; charset=utf-8" in head
    page = body.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "لم يُسجل أي شيء" in page and "Rien n’a été enregistré" in page
