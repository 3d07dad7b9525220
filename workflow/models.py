from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .states import Publishable, State  # noqa: F401  (the workflow's vocabulary)


class StaffProfile(models.Model):
    """What a staff account may touch beyond its role: a commune correspondent's communes."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    communes = models.ManyToManyField(
        "communes.Commune",
        verbose_name=_("communes"),
        blank=True,
        related_name="correspondents",
        help_text=_("For commune correspondents: the only communes whose records they see."),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return str(self.user)
