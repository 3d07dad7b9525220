from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def tune_trigram_matching(sender, connection, **kwargs):
    """Typo candidates are words at least this similar; one letter swapped in a short
    Arabic word leaves little more than a quarter of its trigrams (مسشتفي/مستشفي: 0.27).
    The edit distance then decides among the candidates."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET pg_trgm.similarity_threshold = 0.25")


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from . import signals  # noqa: F401  (keeps the index current)

        connection_created.connect(tune_trigram_matching, dispatch_uid="search-trigram")
