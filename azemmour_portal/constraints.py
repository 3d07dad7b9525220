"""CHECK constraints that several models share: what their forms validate, the database
keeps too, so that a shell, a data migration or a script cannot store a value that a
public page cannot show."""

from collections.abc import Iterable

from django.core.exceptions import FieldError, ValidationError
from django.db import models, router
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


def askable_checks(record, model, constraints, exclude) -> list[models.CheckConstraint]:
    """The CHECK constraints among these that can be asked of the record without the
    excluded fields: those Django's CheckConstraint.validate() would not skip."""
    known = record._get_field_expression_map(meta=model._meta, exclude=exclude).keys()
    return [
        constraint
        for constraint in constraints
        if isinstance(constraint, models.CheckConstraint)
        and {ref[0] for ref in model._get_expr_references(constraint.condition)} <= known
    ]


def checks_hold(record, model, checks: list[models.CheckConstraint], exclude, using) -> bool:
    """Whether the record meets every one of these CHECK constraints of `model` (the record's
    model or a parent), asked in one query as Django asks each one (Q.check: a condition
    that is NULL holds, as in the database). False when one fails or cannot be asked: the
    caller then asks them one by one."""
    against = record._get_field_expression_map(meta=model._meta, exclude=exclude)
    try:
        return Q(*(check.condition for check in checks)).check(against, using=using)
    except FieldError:
        return False


class ChecksInOneQuery:
    """A model whose validate_constraints() asks all its CHECK constraints in one query.

    Django asks each CHECK constraint with a query of its own, in a savepoint inside the
    admin's transaction: an initiative's two dozen cost about 70 queries a save. Here the
    constraints that the excluded fields leave askable are asked together; only when that
    query says one of them fails are they asked one by one, as Django does, so that the
    form names each rule the record breaks. The other constraints (unique ones) are
    validated as Django validates them.
    """

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ())
        using = router.db_for_write(type(self), instance=self)
        errors = {}
        for model_class, constraints in self.get_constraints():
            checks = askable_checks(self, model_class, constraints, exclude)
            if len(checks) > 1 and checks_hold(self, model_class, checks, exclude, using):
                constraints = [c for c in constraints if not any(c is h for h in checks)]
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    # As Model.validate_constraints(): a unique field's error is the field's.
                    fields = getattr(constraint, "fields", ())
                    if getattr(error, "code", None) == "unique" and len(fields) == 1:
                        errors.setdefault(fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
