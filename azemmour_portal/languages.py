"""The current page's address in each of the site's languages."""

from collections.abc import Iterable
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import override


def page_params(request, names: Iterable[str]) -> None:
    """Declare the query parameters that make the page what it is (its filters, the words
    searched): its canonical address and its address in each language keep these, with a
    value, and the page number; nothing else, such as the `fbclid` or `utm_source` that a
    shared link comes back with."""
    request.page_params = frozenset(names)


def page_path(request) -> str:
    """The request's path with the query parameters its view declared (page_params()) and
    a page number beyond the first, in the order of the query string."""
    known = getattr(request, "page_params", frozenset())
    kept = [
        (name, value)
        for name, values in request.GET.lists()
        if name in known or name == "page"
        for value in values
        if value and not (name == "page" and value == "1")
    ]
    return f"{request.path}?{urlencode(kept)}" if kept else request.path


def page_paths(request) -> dict[str, str]:
    """The address of the request's page in each language, with the query string of
    page_path().

    What django.urls.translate_url() gives, from the match the request already has rather
    than by resolving the path again for each language. An address that matches no view
    (an unknown page) stays as it is. Worked out once per request: the <head>'s alternate
    links and the language switcher both need it.
    """
    if not hasattr(request, "_page_paths"):
        request._page_paths = translate(page_path(request), request.resolver_match)
    return request._page_paths


def translate(url: str, match) -> dict[str, str]:
    paths = dict.fromkeys((code for code, _name in settings.LANGUAGES), url)
    if match is None:
        return paths
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    parsed = urlsplit(url)
    for code in paths:
        with override(code):
            try:
                path = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                continue
        paths[code] = urlunsplit(
            (parsed.scheme, parsed.netloc, path, parsed.query, parsed.fragment)
        )
    return paths


class BrowserLanguageVaryMiddleware:
    """Takes Accept-Language out of `Vary` on the API's answers, which never read it (its
    `lang` parameter chooses). LocaleMiddleware names it on every address without a
    language prefix, so shared caches would keep one copy per browser language for
    nothing. Listed before LocaleMiddleware, it sees the response after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.namespace == "api" and response.has_header("Vary"):
            kept = [
                name.strip()
                for name in response["Vary"].split(",")
                if name.strip().lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
