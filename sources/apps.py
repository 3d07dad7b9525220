from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _link_name(link) -> str:
    return str(link.source)


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = _("Sources")

    def ready(self):
        # A record's link to a source (the table Django makes for each `sources` field)
        # is named after the source in the admin's inlines, not "Initiative_sources
        # object (1)".
        from .models import Source

        for relation in Source._meta.related_objects:
            if relation.many_to_many and relation.through._meta.auto_created:
                relation.through.__str__ = _link_name
