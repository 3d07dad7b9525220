"""The import page of the admin: a dry run, then the import, for those who may change
initiatives, in the admin's language, under the admin's security policy."""

import re

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

from initiatives.importing.admin import MAX_ROWS
from initiatives.importing.columns import COLUMNS
from initiatives.models import Initiative
from tests.helpers import html_tag, in_arabic
from tests.importing.sample import csv_bytes, rows
from tests.security import observatory
from tests.security.test_admin import InlineCode
from workflow.roles import READER

PAGE = "/ar/admin/initiatives/initiative/import/"


def upload(content: bytes, name="initiatives.csv") -> dict:
    return {"file": SimpleUploadedFile(name, content, content_type="text/csv")}


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def excel_file(district, n=3) -> bytes:
    made = rows(n, communes=["ازمور"], sectors=["الطرق"], partners=["INDH"])
    return csv_bytes(made, encoding="cp1256", delimiter=";")


def test_the_changelist_links_to_the_import_page(staff_client):
    response = staff_client.get("/ar/admin/initiatives/initiative/")

    assert f'href="{PAGE}"' in response.content.decode()


def test_the_page_documents_every_column_in_three_languages(staff_client):
    response = staff_client.get(PAGE)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html_tag(response)
    for column in COLUMNS:
        assert column.ar in page and column.fr.replace("'", "&#x27;") in page and column.en in page


def test_the_template_downloads_with_the_three_language_header(staff_client):
    response = staff_client.get(f"{PAGE}template.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # so that Excel reads the Arabic right
    header = content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("المرجع / référence / reference,العنوان بالعربية / titre en arabe")
    assert len(header.split(",")) == len(COLUMNS)


def test_a_dry_run_then_the_import(staff_client, district, superuser):
    preview = staff_client.post(PAGE, upload(excel_file(district, n=MAX_ROWS)))

    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Windows-1256" in page
    assert 'id="rejected-rows"' not in page
    listed = page[page.index('id="accepted-rows"') :].split("</table>")[0]
    assert listed.count("<tr>") == MAX_ROWS + 1  # a header and one line per row
    assert Initiative.objects.count() == 0  # nothing written by the dry run

    done = staff_client.post(PAGE, {"token": token_of(preview)})

    assert done.status_code == 302
    assert done["Location"] == "/ar/admin/initiatives/initiative/"
    assert Initiative.objects.count() == MAX_ROWS
    initiative = Initiative.objects.get(slug="imp-00001")
    assert initiative.history.earliest().history_user == superuser
    assert initiative.history.earliest().history_change_reason == "import: initiatives.csv"


def test_a_rejected_row_is_named_in_arabic_and_nothing_can_be_imported(staff_client, district):
    content = (
        "المرجع,العنوان بالعربية,الملخص بالعربية,الجماعات,القطاع\r\n"
        "r-1,طريق,ملخص,أزمور,الطرق\r\n"
        "r-2,طريق,ملخص,الدار البيضاء,الطرق\r\n"
    ).encode()

    response = staff_client.post(PAGE, upload(content))

    page = response.content.decode()
    assert 'id="rejected-rows"' in page
    assert "<td><bdi>3</bdi></td>" in page
    assert "«الدار البيضاء»" in page
    assert 'name="token"' not in page  # no import button
    assert in_arabic("Rejected rows") in page


def test_the_import_rechecks_every_row_and_writes_nothing_if_one_fails(
    staff_client, district, make_initiative
):
    content = "reference,title_ar,summary_ar,communes,sector\r\nr-1,طريق,ملخص,أزمور,الطرق\r\n"
    preview = staff_client.post(PAGE, upload(content.encode()))
    district["roads"].delete()  # the sector goes away between the two steps

    response = staff_client.post(PAGE, {"token": token_of(preview)})

    assert response.status_code == 200
    assert 'id="rejected-rows"' in response.content.decode()
    assert not Initiative.objects.exists()


def test_a_file_that_is_not_a_table_is_refused_on_the_form(staff_client):
    response = staff_client.post(PAGE, upload(b"just some words\r\n"))

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_a_file_with_a_header_row_only_is_refused_on_the_form(staff_client, district):
    response = staff_client.post("/en" + PAGE[3:], upload(b"reference,title_ar\r\n"))

    assert response.status_code == 200
    assert "header row but no initiative under it" in response.content.decode()
    assert 'name="token"' not in response.content.decode()


def test_the_token_of_another_user_is_refused(client, staff_client, district, django_user_model):
    preview = staff_client.post(PAGE, upload(excel_file(district)))
    other = django_user_model.objects.create_superuser("other", "o@example.org", "unused")
    client.force_login(other)

    response = client.post(PAGE, {"token": token_of(preview)})

    assert response.status_code == 403
    assert not Initiative.objects.exists()


def test_a_forged_token_is_refused(staff_client, district):
    forged = signing.dumps({"name": "../../etc/passwd", "user": 1}, salt="another")

    response = staff_client.post(PAGE, {"token": forged})

    assert response.status_code == 302
    assert not Initiative.objects.exists()


def test_the_uploaded_file_is_kept_privately_and_removed_after_the_import(
    staff_client, district, settings
):
    preview = staff_client.post(PAGE, upload(excel_file(district)))
    [kept] = list(settings.IMPORTS_DIR.iterdir())
    assert kept.stat().st_mode & 0o077 == 0
    assert not str(kept).startswith(str(settings.MEDIA_ROOT))

    staff_client.post(PAGE, {"token": token_of(preview)})

    assert list(settings.IMPORTS_DIR.iterdir()) == []


def test_a_reader_may_not_import(client, django_user_model):
    from django.contrib.auth.models import Group

    reader = django_user_model.objects.create_user("reader", password="unused", is_staff=True)
    reader.groups.add(Group.objects.get(name=READER))
    client.force_login(reader)

    assert client.get(PAGE).status_code == 403
    assert client.get(f"{PAGE}template.csv").status_code == 403
    changelist = client.get("/ar/admin/initiatives/initiative/").content.decode()
    assert PAGE not in changelist


def test_a_correspondent_previews_other_communes_rows_as_rejected(
    client, district, make_correspondent
):
    client.force_login(make_correspondent(district["azemmour"]))
    content = (
        "reference,title_ar,summary_ar,communes,sector\r\n"
        "r-1,طريق,ملخص,أزمور,الطرق\r\n"
        "r-2,طريق,ملخص,الحوزية,الطرق\r\n"
    ).encode()

    response = client.post(PAGE, upload(content))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<td><bdi>3</bdi></td>") == 1
    assert 'name="token"' not in page


@pytest.mark.parametrize("step", ["form", "preview"])
def test_the_import_pages_run_under_the_admin_policy(staff_client, district, step):
    if step == "form":
        response = staff_client.get(PAGE)
    else:
        response = staff_client.post(PAGE, upload(excel_file(district)))

    found = InlineCode()
    found.feed(response.content.decode())
    assert found.scripts == found.handlers == found.styles == found.style_elements == []
    assert "no-store" in response.headers["Cache-Control"]
    assert observatory.parse_csp(response.headers["Content-Security-Policy"])["script-src"]


def test_a_file_too_long_for_one_request_is_sent_to_the_command(
    staff_client, district, monkeypatch
):
    monkeypatch.setattr("initiatives.importing.admin.MAX_ROWS", 2)

    response = staff_client.post(PAGE, upload(excel_file(district, n=3)))

    assert "import_initiatives" in response.content.decode()
    assert not Initiative.objects.exists()
