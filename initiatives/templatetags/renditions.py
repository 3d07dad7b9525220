"""A stored photo's WebP renditions in an <img>, for any model that keeps them in a
`renditions` field beside its image field (update and event photos, news images, people's
photos): `<img src="{{ photo.image|narrowest }}" srcset="{{ photo.image|srcset }}" …>`."""

from django import template

from initiatives import uploads

register = template.Library()


def _renditions(image) -> dict[str, str]:
    return getattr(image.instance, "renditions", None) or {}


@register.filter
def srcset(image) -> str:
    """`{{ photo.image|srcset }}`: the photo's WebP renditions for an <img srcset>, or ""."""
    width_field = image.field.width_field
    width = getattr(image.instance, width_field) if width_field else None
    return uploads.srcset(file=image, width=width, renditions=_renditions(image))


@register.filter
def narrowest(image) -> str:
    """`{{ photo.image|narrowest }}`: the address of the photo's narrowest rendition, or of
    the photo itself when it has none (stored before renditions, or too small for one)."""
    return uploads.narrowest(file=image, renditions=_renditions(image))
