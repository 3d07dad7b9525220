"""Response headers: what every page tells the browser it may do with it.

Django's SecurityMiddleware sets HSTS, nosniff, Referrer-Policy and
Cross-Origin-Opener-Policy, XFrameOptionsMiddleware sets X-Frame-Options, and django-csp
sets the Content-Security-Policy from settings.CONTENT_SECURITY_POLICY. This module adds
what none of them does: the admin's own policy, Cross-Origin-Resource-Policy,
Permissions-Policy, no caching of the admin, `frameable` for embeds and `shows_map` for the
pages that may draw a map.
"""

from functools import wraps
from urllib.parse import urlsplit

from csp.constants import SELF
from csp.decorators import csp_replace
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils.cache import add_never_cache_headers
from django.views.decorators.clickjacking import xframe_options_exempt


def is_admin_path(path: str) -> bool:
    """Whether the path is under the admin, in any language (ADMIN_URL inside /<lang>/)."""
    prefixes = [f"/{code}/{settings.ADMIN_URL}" for code, _name in settings.LANGUAGES]
    return path.startswith((f"/{settings.ADMIN_URL}", *prefixes))


def frameable(view):
    """Let any site show this view's pages in a frame: the embeds other sites put on theirs.

    The response's policy allows every frame ancestor and drops X-Frame-Options; the rest
    of the policy stays as strict as on every page. Use it on a function view, or around
    `SomeView.as_view()` in urls.py.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # A page framed by a site that isolates itself (COEP) must say it may be embedded.
        response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
        return response

    return xframe_options_exempt(csp_replace({"frame-ancestors": ["*"]})(wrapped))


def tile_source() -> str:
    """The origin of the map tiles (settings.MAP_TILE_URL), as a policy source: a {s}
    server letter in the host becomes a wildcard."""
    url = urlsplit(settings.MAP_TILE_URL)
    return f"{url.scheme}://{url.netloc.replace('{s}', '*')}"


def allow_map(response, *, fetches: bool = True):
    """Let the response's page show map tiles and, when it fetches its data, read it from
    the portal. Other pages keep the tile host out of their policy."""
    # Every page may already fetch from the portal (settings.CONTENT_SECURITY_POLICY).
    connects = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].get("connect-src", [])
    response._csp_update = {"img-src": [tile_source()]} | (
        {"connect-src": [SELF]} if fetches and SELF not in connects else {}
    )
    return response


def shows_map(view):
    """The view's pages may draw a map (tiles from the tile host, data from the portal)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return allow_map(view(request, *args, **kwargs))

    return wrapped


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; pages under the admin get the admin's own policy."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        # A view's own @csp decorator still wins over the admin policy.
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


class SecurityHeadersMiddleware:
    """Cross-Origin-Resource-Policy and Permissions-Policy on every response; the admin's
    responses are never stored by a browser or a proxy (they hold unpublished records)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        response.headers.setdefault(
            "Permissions-Policy",
            ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED),
        )
        if is_admin_path(request.path_info):
            add_never_cache_headers(response)
        return response
