"""Whether a source's address still answers: recorded on the source, never guessed."""

import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.utils import timezone

USER_AGENT = "AzemmourPortal-LinkCheck/1.0"


def fetch_status(url: str, timeout: float) -> int | None:
    """The HTTP status the address answers with, or None when nothing answers."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            # Some servers refuse HEAD; ask again with GET before believing the refusal.
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return error.code
        except (urllib.error.URLError, TimeoutError, OSError, ValueError):
            return None
    return None


def check_source_links(sources, *, timeout: float = 10.0, per_host_interval: float = 1.0) -> int:
    """Check each source with an address; at most one request a second to any one host."""
    last_request: dict[str, float] = {}
    checked = 0
    for source in sources:
        if not source.url:
            continue
        host = urlsplit(source.url).netloc.lower()
        wait = last_request.get(host, -per_host_interval) + per_host_interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        status = fetch_status(source.url, timeout)
        last_request[host] = time.monotonic()
        source.link_status = status
        source.link_ok = status is not None and status < 400
        source.last_checked_at = timezone.now()
        source.save(update_fields=["link_status", "link_ok", "last_checked_at"])
        checked += 1
    return checked
