"""The district's records as an import meets them, and files made as volunteers make them."""

import pytest
from django.contrib.auth.models import Group, User

from initiatives.models import Partner
from workflow.models import StaffProfile
from workflow.roles import CORRESPONDENT


@pytest.fixture(autouse=True)
def _imports_dir(settings, tmp_path):
    """Uploaded files wait for their import in a folder of the test's own."""
    settings.IMPORTS_DIR = tmp_path / "imports"


@pytest.fixture
def district(make_commune, make_sector, make_partner):
    """Three communes with the spellings volunteers use, a sector and two partners."""
    return {
        "azemmour": make_commune(
            name_ar="أزمور",
            name_fr="Azemmour",
            slug="azemmour",
            kind="urban",
            alternative_names="ازمور\nآزمور\nAzemour",
        ),
        "haouzia": make_commune(
            name_ar="الحوزية",
            name_fr="Haouzia",
            slug="haouzia",
            alternative_names="حوزية\nEl Haouzia",
        ),
        "sidi-ali": make_commune(
            name_ar="سيدي علي بن حمدوش",
            name_fr="Sidi Ali Ben Hamdouch",
            slug="sidi-ali-ben-hamdouch",
            alternative_names="سيدي علي بنحمدوش\nSidi Ali Ben Hamdouche",
        ),
        "water": make_sector(
            name_ar="الماء والتطهير", name_fr="Eau et assainissement", slug="water", dac_code="140"
        ),
        "roads": make_sector(name_ar="الطرق", name_fr="Routes", name_en="Roads", slug="roads"),
        "indh": make_partner(
            name_ar="المبادرة الوطنية للتنمية البشرية",
            name_fr="INDH",
            slug="indh",
            kind=Partner.Kind.INDH,
        ),
        "onee": make_partner(
            name_ar="المكتب الوطني للكهرباء والماء الصالح للشرب",
            name_fr="ONEE",
            slug="onee",
            kind=Partner.Kind.STATE,
        ),
    }


@pytest.fixture
def make_correspondent(db):
    """A commune correspondent (the role's group) limited to the communes given."""

    def make(*communes):
        user = User.objects.create_user(
            username=f"correspondent-{User.objects.count()}", password="unused", is_staff=True
        )
        user.groups.add(Group.objects.get(name=CORRESPONDENT))
        StaffProfile.objects.create(user=user).communes.set(communes)
        return user

    return make
