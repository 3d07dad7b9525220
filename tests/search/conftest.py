"""Records written as volunteers write them, shared by the search tests."""

import pytest


@pytest.fixture
def corpus(make_commune, make_sector, make_initiative, make_update):
    """A few records written as volunteers write them: Arabic with hamza and taa marbuta,
    French with accents, a commune with its Latin spellings."""
    haouzia = make_commune(
        name_ar="الحوزية",
        name_fr="Haouzia",
        slug="haouzia",
        alternative_names="حوزية\nHaouzia\nEl Haouzia",
    )
    azemmour = make_commune(
        name_ar="أزمور", name_fr="Azemmour", slug="azemmour", alternative_names="ازمور\nآزمور"
    )
    health = make_sector(name_ar="الصحة", name_fr="Santé")
    school = make_initiative(
        slug="school",
        title_ar="بناء المدرسة الابتدائية بدوار الغربية",
        title_fr="Construction de l'école primaire du douar El Gharbia",
        summary_ar="مدرسة من ست حجرات.",
        communes=[haouzia],
        is_published=True,
    )
    hospital = make_initiative(
        slug="hospital",
        title_ar="تجهيز مستشفى أزمور",
        title_fr="Équipement de l'hôpital d'Azemmour",
        summary_ar="أجهزة طبية للمستشفى الإقليمي.",
        sector=health,
        communes=[azemmour],
        is_published=True,
    )
    road = make_initiative(
        slug="road",
        title_ar="تهيئة الطريق",
        title_fr="Aménagement de la route",
        summary_ar="قرب محطة المعالجة.",
        description_fr="Travaux de la station d'épuration voisine.",
        communes=[azemmour],
        is_published=True,
    )
    draft = make_initiative(
        slug="draft", title_ar="مدرسة سرية", title_fr="École secrète", is_published=False
    )
    update = make_update(
        initiative=road,
        title_ar="توقف الأشغال في الطريق",
        title_fr="Chantier arrêté",
        is_published=True,
    )
    hidden_update = make_update(
        initiative=road, title_ar="ملاحظة داخلية عن المدرسة", is_published=False
    )
    return {
        "haouzia": haouzia, "azemmour": azemmour, "school": school, "hospital": hospital,
        "road": road, "draft": draft, "update": update, "hidden_update": hidden_update,
    }  # fmt: skip
