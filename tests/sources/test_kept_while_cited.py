"""A source or commune that records point to is not deleted from under them, whatever does
the deleting: the admin refuses on its confirmation page (tests/admin/test_delete_pages.py),
a script or a shell with ProtectedError, writing nothing."""

import pytest
from django.db.models import ProtectedError

from communes.models import Commune
from initiatives.models import Initiative
from sources.models import Source


def a_source(**fields) -> Source:
    return Source.objects.create(
        **({"publication": "هسبريس", "url": "https://example.org/a", "language": "ar"} | fields)
    )


@pytest.mark.parametrize(
    "delete",
    [lambda source: source.delete(), lambda source: Source.objects.filter(pk=source.pk).delete()],
    ids=["record", "queryset"],
)
def test_a_script_cannot_delete_a_source_initiatives_cite(make_initiative, delete):
    source = a_source()
    cited = make_initiative(is_published=True)
    cited.sources.add(source)

    with pytest.raises(ProtectedError) as refused:
        delete(source)

    assert refused.value.protected_objects == {cited}
    assert list(cited.sources.all()) == [source]


def test_a_script_cannot_empty_a_budget_source_by_deleting_it(make_initiative):
    source = a_source()
    rated = make_initiative(is_published=True)
    Initiative.objects.filter(pk=rated.pk).update(budget_source=source)

    with pytest.raises(ProtectedError):
        source.delete()

    assert Initiative.objects.get(pk=rated.pk).budget_source == source


def test_a_script_cannot_delete_a_commune_with_initiatives(make_commune, make_initiative):
    commune = make_commune()
    initiative = make_initiative(communes=[commune], is_published=True)

    with pytest.raises(ProtectedError):
        Commune.objects.filter(pk=commune.pk).delete()

    assert list(initiative.communes.all()) == [commune]


def test_a_source_or_commune_nothing_points_to_is_deleted(make_commune):
    a_source().delete()
    Commune.objects.filter(pk=make_commune().pk).delete()

    assert not Source.objects.exists() and not Commune.objects.exists()
