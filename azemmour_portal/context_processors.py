from django.conf import settings
from django.urls import translate_url


def alternates(request):
    """Canonical and per-language addresses of the current page, for the <head>."""
    path = request.get_full_path()
    languages = [code for code, _name in settings.LANGUAGES]
    links = [(code, request.build_absolute_uri(translate_url(path, code))) for code in languages]
    # x-default: the address without a language prefix, which sends each visitor to theirs.
    arabic = translate_url(path, settings.LANGUAGE_CODE)
    unprefixed = arabic.removeprefix(f"/{settings.LANGUAGE_CODE}")
    return {
        "canonical_url": request.build_absolute_uri(path),
        "alternate_urls": links,
        "default_url": request.build_absolute_uri(unprefixed or "/"),
    }


def demo(request):
    """Whether generated demo initiatives may appear, so every page can say so."""
    return {"demo_data": settings.DEMO_DATA}
