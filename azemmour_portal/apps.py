from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "azemmour_portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import cache, withheld

        # Cached fragments and Last-Modified follow every change of public data.
        cache.connect_signals()
        # A deleted or replaced upload's file stops being served.
        withheld.connect_signals()
