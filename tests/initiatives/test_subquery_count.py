"""SubqueryCount: how many rows a subquery holds, without sorting them first."""

from initiatives.filters import SubqueryCount
from initiatives.models import Initiative


def counted(subquery):
    return Initiative.objects.order_by().annotate(n=SubqueryCount(subquery)).values_list("n")


def test_a_count_neither_sorts_its_rows_nor_reads_the_ordering_column(make_initiative):
    for _ in range(3):
        make_initiative(is_published=True)
    # Initiative's default order is its creation date, which no index of the count holds.
    subquery = Initiative.objects.published().values("pk")

    query = counted(subquery)

    assert "ORDER BY" not in str(query.query)
    assert "created_at" not in str(query.query)
    assert {n for (n,) in query} == {3}


def test_a_count_over_a_slice_keeps_the_order_that_chooses_the_slice(make_initiative):
    for _ in range(3):
        make_initiative(is_published=True)
    subquery = Initiative.objects.published().order_by("-created_at").values("pk")[:2]

    query = counted(subquery)

    assert "ORDER BY" in str(query.query)
    assert {n for (n,) in query} == {2}
