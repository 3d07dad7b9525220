from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    """The foundation's own work: proposals, advocacy, training, events and news."""

    name = "activities"
    verbose_name = _("The foundation's work")
