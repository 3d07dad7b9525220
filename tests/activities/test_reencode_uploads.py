"""Files stored before the upload checks are given what a new upload gets: photos
re-encoded from their pixels, documents kept, both under a random name; a file that is
not what it claims is left for the bureau and named."""

import io
import re

import pytest
from django.core.management import call_command
from PIL import ExifTags, Image

from activities.models import TrainingMaterial
from governance.models import Assembly
from tests.uploads import files

RANDOM = r"[0-9a-f]{32}"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def run(*args) -> str:
    output = io.StringIO()
    call_command("reencode_uploads", *args, stdout=output)
    return output.getvalue()


def stored_names(root) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


# Each record's save commits, as it does in production, and what follows a commit runs.
@pytest.mark.django_db(transaction=True)
def test_old_uploads_lose_their_names_and_metadata_and_a_false_pdf_is_reported(
    settings, make_news, make_session, make_photo
):
    # Stored as they were before the checks: the model's own save, no form, no validator.
    news = make_news(image=files.phone_jpeg("famille-a-la-maison.jpg", size=(120, 60)))
    material = TrainingMaterial.objects.create(
        session=make_session(), title_ar="دليل", file=files.pdf("liste-des-participants.pdf")
    )
    with material.file.open("rb") as pdf:
        original_pdf = pdf.read()
    minutes = Assembly.objects.create(kind="constitutive", minutes=files.html("pv.pdf"))
    photo = make_photo(image=files.jpeg("chantier.jpg", size=(700, 350)))
    old = stored_names(settings.MEDIA_ROOT)

    report = run()

    news.refresh_from_db()
    assert re.fullmatch(rf"activities/news/\d{{4}}/{RANDOM}\.jpg", news.image.name)
    assert (news.image_width, news.image_height) == (60, 120)  # turned upright
    with news.image.open("rb") as image_file:
        content = image_file.read()
    image = Image.open(io.BytesIO(content))
    assert len(image.getexif()) == 0 and len(image.getexif().get_ifd(ExifTags.IFD.GPSInfo)) == 0
    assert b"PhoneMaker" not in content and b"Fatima" not in content

    material.refresh_from_db()
    assert re.fullmatch(rf"activities/trainings/\d{{4}}/{RANDOM}\.pdf", material.file.name)
    with material.file.open("rb") as pdf:
        assert pdf.read() == original_pdf

    photo.refresh_from_db()
    assert re.fullmatch(rf"updates/photos/\d{{4}}/{RANDOM}\.jpg", photo.image.name)
    assert sorted(photo.renditions, key=int) == ["320", "640"]

    minutes.refresh_from_db()
    assert minutes.minutes.name == "assemblies/pv.pdf"
    assert "assemblies/pv.pdf" in report and "to replace" in report

    remaining = stored_names(settings.MEDIA_ROOT)
    assert old & remaining == {"assemblies/pv.pdf"}  # every old name but the refused one
    # Nor is an old file kept for a restore, with the metadata it carried.
    assert not [name for name in remaining if name.startswith("withheld/")]
    assert {
        news.image.name,
        material.file.name,
        photo.image.name,
        *photo.renditions.values(),
    } <= remaining

    assert run().endswith("0 file(s) re-stored, 1 to replace.\n")
    assert stored_names(settings.MEDIA_ROOT) == remaining


def test_a_dry_run_changes_nothing(settings, make_news):
    news = make_news(image=files.phone_jpeg("famille.jpg"))
    before = stored_names(settings.MEDIA_ROOT)

    assert "famille.jpg" in run("--dry-run")

    news.refresh_from_db()
    assert news.image.name.endswith("famille.jpg")
    assert stored_names(settings.MEDIA_ROOT) == before
