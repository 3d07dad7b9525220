"""The current page's address in each of the site's languages."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import override


def page_paths(request) -> dict[str, str]:
    """The address of the request's page in each language, query string included.

    What django.urls.translate_url() gives, from the match the request already has rather
    than by resolving the path again for each language. An address that matches no view
    (an unknown page) stays as it is. Worked out once per request: the <head>'s alternate
    links and the language switcher both need it.
    """
    if not hasattr(request, "_page_paths"):
        request._page_paths = translate(request.get_full_path(), request.resolver_match)
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
