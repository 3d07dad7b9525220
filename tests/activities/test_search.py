"""The foundation's published work is found by the site search, in any language."""

from search.models import Document


def test_published_work_is_found_and_drafts_are_not(client, make_proposal, make_news):
    found = make_proposal(is_published=True, title_ar="تهيئة ضفة نهر أم الربيع")
    draft = make_proposal(title_ar="تهيئة ضفة النهر مسودة")
    make_news(is_published=True, title_fr="Forum sur la berge du fleuve")

    ar = client.get("/ar/search/?q=ضفة")
    fr = client.get("/fr/search/?q=berge")

    assert [(kind, record.pk) for kind, record in ar.context["results"]] == [("proposal", found.pk)]
    assert f"/ar/foundation/proposals/{found.slug}/" in ar.content.decode()
    assert draft.title_ar not in ar.content.decode()
    assert [kind for kind, _record in fr.context["results"]] == ["news"]


def test_publishing_and_deleting_keep_the_index_current(make_dossier):
    dossier = make_dossier(title_ar="المركز الصحي")
    assert Document.objects.get(kind="dossier", object_id=dossier.pk).is_public is False

    dossier.is_published = True
    dossier.full_clean()
    dossier.save()
    assert Document.objects.get(kind="dossier", object_id=dossier.pk).is_public is True

    pk = dossier.pk
    dossier.delete()
    assert not Document.objects.filter(kind="dossier", object_id=pk).exists()


def test_a_communes_name_finds_the_work_done_there(client, make_commune, make_event):
    commune = make_commune(name_ar="الحوزية", slug="haouzia")
    event = make_event(communes=[commune], is_published=True, title_ar="يوم دراسي")

    results = client.get("/ar/search/?q=الحوزية").context["results"]

    assert ("event", event.pk) in [(kind, record.pk) for kind, record in results]
