"""The publishing workflow every public record follows: draft → in review → published
(→ archived). Only published records are public."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from azemmour_portal.constraints import ChecksInOneQuery


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class Publishable(ChecksInOneQuery, models.Model):
    """Workflow fields. `is_published` is computed by the database from `state`, so the
    public rule (published() querysets, indexes, constraints) reads one column that can
    never disagree with the state."""

    state = models.CharField(
        _("publication state"), max_length=12, choices=State, default=State.DRAFT
    )
    is_published = models.GeneratedField(
        expression=Q(state=State.PUBLISHED),
        output_field=models.BooleanField(_("published")),
        db_persist=True,
        verbose_name=_("published"),
    )
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True)
    review_comment = models.TextField(
        _("review comment"),
        blank=True,
        help_text=_("Why the bureau sent it back, for the author."),
    )

    class Meta:
        abstract = True
