from django.conf import settings
from django.core.exceptions import DisallowedHost

from .languages import page_path, page_paths


def alternates(request):
    """Canonical and per-language addresses of the current page, for the <head>. Empty for a
    request whose Host is not the portal's: its 400 page names no address."""
    try:
        request.get_host()
    except DisallowedHost:
        return {"canonical_url": "", "alternate_urls": [], "default_url": ""}
    paths = page_paths(request)
    links = [(code, request.build_absolute_uri(path)) for code, path in paths.items()]
    # x-default: the address without a language prefix, which sends each visitor to theirs.
    unprefixed = paths[settings.LANGUAGE_CODE].removeprefix(f"/{settings.LANGUAGE_CODE}")
    return {
        "canonical_url": request.build_absolute_uri(page_path(request)),
        "alternate_urls": links,
        "default_url": request.build_absolute_uri(unprefixed or "/"),
    }


def demo(request):
    """Whether generated demo initiatives may appear, so every page can say so."""
    return {"demo_data": settings.DEMO_DATA}
