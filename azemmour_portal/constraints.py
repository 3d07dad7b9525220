"""CHECK constraints that several models share: what their forms validate, the database
keeps too, so that a shell, a data migration or a script cannot store a value that a
public page cannot show."""

from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Django's validate_slug: the addresses of the portal are built from these.
SLUG = r"\A[-a-zA-Z0-9_]+\Z"
# The schemes Django's URLValidator accepts; anything else (javascript:) is never a link.
WEB_ADDRESS = r"\A(https?|ftps?)://"


def one_of(
    field: str, choices: type[models.Choices] | Iterable[str], model: str, *, blank: bool = False
) -> models.CheckConstraint:
    """`<model>_<field>_valid`: the field holds one of its choices (or nothing, if `blank`);
    `choices` is an enumeration or the values themselves."""
    values = choices.values if isinstance(choices, type) else list(choices)
    condition = Q(**{f"{field}__in": values})
    if blank:
        condition |= Q(**{field: ""})
    return models.CheckConstraint(
        condition=condition,
        name=f"{model}_{field}_valid",
        violation_error_message=_("This value is not one of the choices."),
    )


def slug_format(model: str, field: str = "slug") -> models.CheckConstraint:
    """`<model>_<field>_format`: Latin letters, digits, hyphens and underscores only."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__regex": SLUG}),
        name=f"{model}_{field}_format",
        violation_error_message=_(
            "A slug holds only Latin letters, digits, hyphens and underscores."
        ),
    )


def web_address(field: str, model: str) -> models.CheckConstraint:
    """`<model>_<field>_web_address`: empty, or an address a browser opens as a page."""
    return models.CheckConstraint(
        condition=Q(**{field: ""}) | Q(**{f"{field}__iregex": WEB_ADDRESS}),
        name=f"{model}_{field}_web_address",
        violation_error_message=_("A web address starts with http:// or https://."),
    )
