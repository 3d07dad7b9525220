from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def tune_trigram_matching(sender, connection, **kwargs):
    """Typo candidates are words more similar than this. Two letters swapped near the start
    of a short word leave few trigrams in common (تيهيه/تهييه: 0.2; a four-letter word with
    its middle letters swapped: 0.11), so the threshold is low; the closest candidates
    are then kept (query.CANDIDATES) and the edit distance decides among them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET pg_trgm.similarity_threshold = 0.1")


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from . import signals  # noqa: F401  (keeps the index current)
        from .functions import register_sqlite_function

        connection_created.connect(tune_trigram_matching, dispatch_uid="search-trigram")
        connection_created.connect(register_sqlite_function, dispatch_uid="search-fold")
