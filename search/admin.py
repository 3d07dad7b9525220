"""The admin's search forgives spelling as the public search does.

Django's admin search matches the typed letters exactly (icontains), so a volunteer who
types «ازمور» without its hamza, «مستشفي» or «الجماعه» found nothing and might create a
duplicate. Lists of indexed records add what the search index finds for the same words,
folded the same way (search/normalize.py), drafts included; typo corrections are left to
the public search, so a list never shows a record for a word it does not contain.
"""

from .models import Document
from .query import matching, parse


class ForgivingSearchAdmin:
    """For a ModelAdmin whose records are indexed as documents of `search_kind`."""

    search_kind: str = ""

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        words = parse(search_term).tokens
        if not words:
            return found, may_have_duplicates
        documents = Document.objects.filter(kind=self.search_kind)
        exact = {word: [word] for word in words}
        ids = matching(documents, exact).order_by().values("object_id")
        return found | queryset.filter(pk__in=ids), may_have_duplicates
