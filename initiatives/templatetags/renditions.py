from django import template

from initiatives import uploads

register = template.Library()


@register.filter
def srcset(photo) -> str:
    """`{{ photo|srcset }}`: the photo's WebP renditions for an <img srcset>, or ""."""
    return uploads.srcset(file=photo.image, width=photo.width, renditions=photo.renditions)
