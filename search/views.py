from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.shortcuts import render
from django.utils.functional import cached_property

from azemmour_portal.languages import page_params
from communes.models import Commune
from governance.models import Membership, Person
from initiatives.models import Initiative, Update, with_commune_names

from . import index
from .models import Document
from .query import parse, search
from .templatetags.highlight import written_forms

PAGE_SIZE = 20
# Counting every match of a very common word costs more than it tells: past this many
# results the page says "more than".
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    @cached_property
    def count(self):
        return self.object_list.order_by()[: COUNT_CAP + 1].count()

    @property
    def is_capped(self):
        return self.count > COUNT_CAP


def results_for(documents) -> list[tuple[str, object]]:
    """The records behind a page of documents, in the documents' order, one query for
    each kind on the page (two for people, with their roles)."""
    ids = {kind: [] for kind in index.SOURCES}
    for document in documents:
        ids[document.kind].append(document.object_id)
    # published() again: a document indexed before a bulk change can never show a draft.
    records = {
        Document.Kind.INITIATIVE: Initiative.objects.published()
        .filter(pk__in=ids[Document.Kind.INITIATIVE])
        .for_cards(),
        Document.Kind.UPDATE: Update.objects.published()
        .filter(pk__in=ids[Document.Kind.UPDATE])
        .select_related("initiative"),
        Document.Kind.COMMUNE: Commune.objects.filter(pk__in=ids[Document.Kind.COMMUNE]),
        **{
            kind: model.objects.published().filter(pk__in=ids[kind])
            for kind, model in index.ACTIVITIES.items()
        },
        # Their roles: current ones first (as the foundation's page lists them).
        index.PERSON: Person.objects.filter(pk__in=ids[index.PERSON]).prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("body").order_by(
                    F("end_date").desc(nulls_first=True), "body__display_order", "id"
                ),
            )
        ),
    }
    found = {
        (kind, record.pk): record
        for kind, queryset in records.items()
        if ids[kind]
        for record in queryset
    }
    # The communes of every initiative shown, or of an update's initiative: one query.
    with_commune_names(
        record if kind == Document.Kind.INITIATIVE else record.initiative
        for (kind, _pk), record in found.items()
        if kind in (Document.Kind.INITIATIVE, Document.Kind.UPDATE)
    )
    return [
        (document.kind, found[(document.kind, document.object_id)])
        for document in documents
        if (document.kind, document.object_id) in found
    ]


def search_view(request):
    query = parse(request.GET.get("q"))
    # The page needs each document's kind and record id, not its text or vector.
    documents = search(query).only("kind", "object_id")
    page = CappedPaginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    marked = {form for forms in query.forms.values() for form in forms}
    page_params(request, ["q"])
    results = results_for(page.object_list)
    corrected = sorted(marked - set(query.tokens))
    return render(
        request,
        "search/results.html",
        {
            "query": query,
            "page": page,
            "results": results,
            "marked": sorted(marked),
            "corrected": corrected,
            # As the records write them: the corrected forms are folded (ة → ه, ى → ي).
            "corrected_as_written": written_forms(corrected, [record for _k, record in results]),
            "count_cap": COUNT_CAP,
            "activity_kinds": list(index.ACTIVITIES),
        },
    )
