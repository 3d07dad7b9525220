"""The MDN HTTP Observatory's score, computed from a page's responses with its rules.

The rules and modifiers are those of the Observatory's grader (mdn/mdn-http-observatory,
src/analyzer/tests/*.js and src/grader/charts.js): every site starts at 100; each of ten
tests adds a modifier; bonuses count only when the score without them is 90 or more.
Two results need the outside world and are taken at their neutral value here: the HSTS
preload list (+5 once the host is on it) and crossdomain.xml files (the portal has none).
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

GRADES = [
    (100, "A+"),
    (90, "A"),
    (85, "A-"),
    (80, "B+"),
    (70, "B"),
    (65, "B-"),
    (60, "C+"),
    (50, "C"),
    (45, "C-"),
    (40, "D+"),
    (30, "D"),
    (25, "D-"),
    (0, "F"),
]
DANGEROUSLY_BROAD = {
    "ftp:",
    "http:",
    "https:",
    "*",
    "http://*",
    "http://*.*",
    "https://*",
    "https://*.*",
}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
NONCES_HASHES = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
SIX_MONTHS = 15_552_000


@dataclass
class Result:
    score: int = 100
    modifiers: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def grade(self) -> str:
        return next(grade for floor, grade in GRADES if self.score >= floor)

    def report(self) -> str:
        lines = [f"{modifier:+4d}  {test}: {outcome}" for test, outcome, modifier in self.modifiers]
        return "\n".join([*lines, f"score {self.score} ({self.grade})"])


def parse_csp(header: str) -> dict[str, set[str]]:
    policy = {}
    for directive in header.split(";"):
        name, *sources = directive.strip().split()
        policy.setdefault(name.lower(), {source.lower() for source in sources})
    return policy


def content_security_policy(headers) -> tuple[str, int]:
    header = headers.get("Content-Security-Policy")
    if not header:
        return "csp-not-implemented", -25
    csp = parse_csp(header)
    default = csp.get("default-src")
    script_src = set(csp.get("script-src") or default or {"*"})
    style_src = set(csp.get("style-src") or default or {"*"})
    object_src = set(csp.get("object-src") or default or {"*"})
    for sources in (script_src, style_src):
        if any(source.startswith(NONCES_HASHES) for source in sources):
            sources.discard("'unsafe-inline'")
    passive = {"img-src", "media-src"}
    active_sources = [s for name, v in csp.items() if name not in passive for s in v]
    passive_sources = [s for name in passive for s in (csp.get(name) or default or set())]
    if script_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE) or object_src & DANGEROUSLY_BROAD:
        return "csp-implemented-with-unsafe-inline", -20
    if any(source.startswith(("http:", "ftp:")) for source in active_sources):
        return "csp-implemented-with-insecure-scheme", -20
    if "'unsafe-eval'" in script_src | style_src:
        return "csp-implemented-with-unsafe-eval", -10
    if any(source.startswith(("http:", "ftp:")) for source in passive_sources):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only", -10
    if style_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE):
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    if default == {"'none'"}:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 5


def cookies(responses, hsts: bool) -> tuple[str, int]:
    morsels = [morsel for response in responses for morsel in response.cookies.values()]
    if not morsels:
        return "cookies-not-found", 0
    # From the worst result to the best, as the Observatory's `goodness` list orders them.
    worst = [
        ("cookies-session-without-secure-flag", -40),
        ("cookies-session-without-httponly-flag", -30),
        ("cookies-anticsrf-without-samesite-flag", -20),
        ("cookies-samesite-flag-invalid", -20),
        ("cookies-session-without-secure-flag-but-protected-by-hsts", -10),
        ("cookies-without-secure-flag", -20),
        ("cookies-without-secure-flag-but-protected-by-hsts", -5),
    ]
    found = set()
    missing_samesite = False
    for morsel in morsels:
        name = morsel.key.lower()
        session = "login" in name or "sess" in name
        samesite = morsel["samesite"]
        secure = bool(morsel["secure"])
        if samesite and samesite.lower() not in {"lax", "strict", "none"}:
            found.add("cookies-samesite-flag-invalid")
        if not secure and samesite.lower() == "none":
            found.add("cookies-samesite-flag-invalid")
        if not secure:
            found.add(
                "cookies-without-secure-flag-but-protected-by-hsts"
                if hsts
                else "cookies-without-secure-flag"
            )
        if "csrf" in name and not samesite:
            found.add("cookies-anticsrf-without-samesite-flag")
        if session and not secure:
            found.add(
                "cookies-session-without-secure-flag-but-protected-by-hsts"
                if hsts
                else "cookies-session-without-secure-flag"
            )
        if session and not morsel["httponly"]:
            found.add("cookies-session-without-httponly-flag")
        missing_samesite = missing_samesite or not samesite
    for result, modifier in worst:
        if result in found:
            return result, modifier
    if missing_samesite:
        return "cookies-secure-with-httponly-sessions", 0
    return "cookies-secure-with-httponly-sessions-and-samesite", 5


def cross_origin_resource_sharing(headers) -> tuple[str, int]:
    allowed = headers.get("Access-Control-Allow-Origin", "").strip()
    if not allowed:
        return "cross-origin-resource-sharing-not-implemented", 0
    if allowed == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access", 0
    if headers.get("Access-Control-Allow-Credentials", "").lower() == "true":
        return "cross-origin-resource-sharing-implemented-with-universal-access", -50
    return "cross-origin-resource-sharing-implemented-with-restricted-access", 0


def redirection(http_response, host: str) -> tuple[str, int]:
    if http_response.status_code not in (301, 302, 303, 307, 308):
        return "redirection-missing", -20
    location = urlsplit(http_response.headers["Location"])
    if location.scheme != "https":
        return "redirection-not-to-https-on-initial-redirection", -10
    if location.hostname != host:
        return "redirection-off-host-from-http", -5
    return "redirection-to-https", 0


def referrer_policy(headers) -> tuple[str, int]:
    good = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
    bad = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}
    header = headers.get("Referrer-Policy")
    if header is None:
        return "referrer-policy-not-implemented", 0
    valid = [value.strip().lower() for value in header.split(",")]
    valid = [value for value in valid if value in good | bad]
    if valid and valid[-1] in good:
        return "referrer-policy-private", 5
    if valid:
        return "referrer-policy-unsafe", -5
    return "referrer-policy-header-invalid", -5


def strict_transport_security(headers) -> tuple[str, int]:
    header = headers.get("Strict-Transport-Security")
    if not header:
        return "hsts-not-implemented", -20
    match = re.search(r"(?:^|;)\s*max-age=(\d+)", header.lower())
    if "," in header or not match:
        return "hsts-header-invalid", -20
    if int(match.group(1)) < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months", -10
    return "hsts-implemented-max-age-at-least-six-months", 0


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


def subresource_integrity(response, host: str) -> tuple[str, int]:
    if not response.get("Content-Type", "").startswith("text/html"):
        return "sri-not-implemented-response-not-html", 0
    parser = _Scripts()
    parser.feed(response.content.decode())
    sources = [script for script in parser.scripts if script.get("src")]
    if not sources:
        return "sri-not-implemented-but-no-scripts-loaded", 0
    external = [s for s in sources if urlsplit(s["src"]).hostname not in (None, host)]
    insecure = [s for s in external if not s["src"].startswith("https://")]
    if all(s.get("integrity") for s in external) and any(s.get("integrity") for s in sources):
        if insecure:
            return "sri-implemented-but-external-scripts-not-loaded-securely", -20
        return "sri-implemented-and-all-scripts-loaded-securely", 5
    if insecure:
        return "sri-not-implemented-and-external-scripts-not-loaded-securely", -50
    if external:
        return "sri-not-implemented-but-external-scripts-loaded-securely", -5
    return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0


def x_content_type_options(headers) -> tuple[str, int]:
    if headers.get("X-Content-Type-Options", "").strip().lower() == "nosniff":
        return "x-content-type-options-nosniff", 0
    return "x-content-type-options-not-implemented", -5


def x_frame_options(headers) -> tuple[str, int]:
    if "frame-ancestors" in parse_csp(headers.get("Content-Security-Policy") or "x"):
        return "x-frame-options-implemented-via-csp", 5
    value = headers.get("X-Frame-Options", "").strip().lower()
    if value in {"deny", "sameorigin"} or value.startswith("allow-from"):
        return "x-frame-options-sameorigin-or-deny", 0
    return "x-frame-options-not-implemented", -20


def cross_origin_resource_policy(headers) -> tuple[str, int]:
    value = headers.get("Cross-Origin-Resource-Policy", "").strip().lower()
    if not value:
        return "corp-not-implemented", 0
    if value in {"same-origin", "same-site"}:
        return f"corp-implemented-with-{value}", 10
    if value == "cross-origin":
        return "corp-implemented-with-cross-origin", 0
    return "corp-header-invalid", -5


def grade(*, http_response, https_response, host: str) -> Result:
    """The score of a page from its plain-http response (the redirect) and its https one."""
    assert https_response.status_code == 200  # the Observatory scans 2xx pages only
    headers = https_response.headers
    hsts = strict_transport_security(headers)
    tests = {
        "content-security-policy": content_security_policy(headers),
        "cookies": cookies([http_response, https_response], hsts=hsts[1] == 0),
        "cross-origin-resource-sharing": cross_origin_resource_sharing(headers),
        "redirection": redirection(http_response, host),
        "referrer-policy": referrer_policy(headers),
        "strict-transport-security": hsts,
        "subresource-integrity": subresource_integrity(https_response, host),
        "x-content-type-options": x_content_type_options(headers),
        "x-frame-options": x_frame_options(headers),
        "cross-origin-resource-policy": cross_origin_resource_policy(headers),
    }
    modifiers = [(test, outcome, modifier) for test, (outcome, modifier) in tests.items()]
    with_bonus = 100 + sum(modifier for _test, _outcome, modifier in modifiers)
    without_bonus = 100 + sum(modifier for _test, _outcome, modifier in modifiers if modifier < 0)
    score = with_bonus if without_bonus >= 90 else without_bonus
    return Result(score=max(score, 0), modifiers=modifiers)
