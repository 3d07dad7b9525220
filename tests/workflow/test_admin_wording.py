"""What the admin tells each role is true and reads in Arabic: the reason a choice is
refused, the count of a list, the fields a reader sees."""

import pytest
from django.urls import reverse

from tests.helpers import in_arabic
from tests.uploads import files
from workflow.roles import CORRESPONDENT, EDITOR, READER

ALLOWED = 200


def test_a_correspondent_is_told_a_record_must_be_of_their_communes(
    client_for, make_commune, make_initiative, make_update
):
    theirs, other = make_commune(), make_commune()
    client = client_for(CORRESPONDENT, communes=[theirs])
    elsewhere = make_update(initiative=make_initiative(communes=[other]))

    refused = client.post(
        reverse("admin:initiatives_updatephoto_add"),
        {"update": elsewhere.pk, "image": files.jpeg(), "caption_ar": "الورش"},
    )

    assert refused.status_code == ALLOWED
    assert refused.context["adminform"].form.errors["update"] == [
        in_arabic(
            "Choose a record of your communes that is not published yet: once published, "
            "only the bureau changes it."
        )
    ]
    assert not elsewhere.photos.exists()


def test_a_list_gives_its_count_after_the_name(client_for, make_initiative):
    for _ in range(2):
        make_initiative()
    client = client_for(EDITOR)

    html = client.get("/ar/admin/initiatives/initiative/").content.decode()

    # «المبادرات: 2», not Django's «2 المبادرات»
    with_count = in_arabic("%(name)s: %(number)s", name=in_arabic("initiatives"), number=2)
    assert with_count in html
    assert "2 " + in_arabic("initiatives") not in html


@pytest.mark.parametrize("role", [EDITOR, READER])
def test_who_only_reads_a_commune_sees_no_empty_upload_field(client_for, make_commune, role):
    commune = make_commune()
    client = client_for(role)

    html = client.get(f"/ar/admin/communes/commune/{commune.pk}/change/").content.decode()

    assert "Boundary file" not in html and "boundary_file" not in html
