from django.apps import AppConfig, apps
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
        name_links()


def name_links():
    """The models Django generates to link records (an initiative to its communes or
    sources) are named in English ("Initiative-commune relationship", "Initiative_communes
    object (368)") on the admin's pages: a deletion's summary, a read-only list of sources.
    Each link is named after what it links to, in the bureau's language, and shown as that
    record. Set at start-up: these models have no migrations of their own."""
    for model in apps.get_models():
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if not through._meta.auto_created:
                continue
            target = field.related_model
            options = through._meta
            options.verbose_name = target._meta.verbose_name
            options.verbose_name_plural = target._meta.verbose_name_plural
            for link in options.fields:
                if link.is_relation:
                    link.verbose_name = link.related_model._meta.verbose_name
            to = field.m2m_reverse_field_name()
            through.__str__ = lambda link, to=to: str(getattr(link, to))
