"""A stored photo's WebP renditions in an <img>, for any model that keeps them in a
`renditions` field beside its image field (update and event photos, news images, people's
photos): `<img src="{{ photo.image|narrowest }}"{% srcset_attributes photo.image "50vw" %} …>`."""

from django import template
from django.utils.html import format_html

from initiatives import uploads

register = template.Library()


def _renditions(image) -> dict[str, str]:
    return getattr(image.instance, "renditions", None) or {}


@register.simple_tag
def srcset_attributes(image, sizes: str) -> str:
    """` srcset="…" sizes="…"` for an <img> of the photo's WebP renditions, with the width
    the page shows it at; nothing for a photo without renditions."""
    width_field = image.field.width_field
    width = getattr(image.instance, width_field) if width_field else None
    candidates = uploads.srcset(file=image, width=width, renditions=_renditions(image))
    if not candidates:
        return ""
    return format_html(' srcset="{}" sizes="{}"', candidates, sizes)


@register.filter
def narrowest(image) -> str:
    """`{{ photo.image|narrowest }}`: the address of the photo's narrowest rendition, or of
    the photo itself when it has none (stored before renditions, or too small for one)."""
    return uploads.narrowest(file=image, renditions=_renditions(image))


@register.filter
def widest(image) -> str:
    """`<a href="{{ photo.image|widest }}">`: the address of the photo's widest rendition
    (1280 px at most), or of the photo itself when it has none."""
    return uploads.widest(file=image, renditions=_renditions(image))
