"""Documents: PDF only, recognised by their content, under a size limit, stored under a
random name."""

import re

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from initiatives import uploads
from initiatives.models import UpdateDocument
from tests.uploads import files


def test_a_pdf_is_accepted():
    uploads.check_pdf(files.pdf())


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (
            lambda: files.upload("pv.pdf", files.encoded(Image.new("RGB", (4, 4)), "PNG")),
            "not_a_pdf",
        ),
        (lambda: files.upload("pv.pdf", b""), "not_a_pdf"),
        (lambda: files.upload("pv.pdf", files.pdf().read()[:-200]), "incomplete_pdf"),
        (lambda: files.upload("pv.pdf", b"%PDF-1.4\n<script>alert(1)</script>"), "incomplete_pdf"),
    ],
    ids=["renamed-png", "empty", "truncated", "header-only"],
)
def test_what_is_not_a_whole_pdf_is_refused_with_its_reason(upload, code):
    with pytest.raises(ValidationError) as refused:
        uploads.check_pdf(upload())

    assert refused.value.code == code


def test_a_pdf_heavier_than_the_setting_is_refused(settings):
    settings.UPLOAD_DOCUMENT_MAX_BYTES = 100

    with pytest.raises(ValidationError) as refused:
        uploads.check_pdf(files.pdf())

    assert refused.value.code == "too_heavy"


def test_the_model_refuses_a_renamed_file_in_full_clean(make_update):
    document = UpdateDocument(
        update=make_update(), title_ar="محضر", file=files.upload("pv.pdf", b"MZ\x90\x00")
    )

    with pytest.raises(ValidationError) as refused:
        document.full_clean()

    assert refused.value.message_dict["file"] == [uploads.NOT_A_PDF]


def test_a_pdf_is_stored_under_a_random_name(make_update):
    document = UpdateDocument(update=make_update(), title_ar="محضر", file=files.pdf("pv-2025.pdf"))

    uploads.document_store(file=document.file)
    document.save()

    assert re.fullmatch(r"updates/documents/\d{4}/[0-9a-f]{32}\.pdf", document.file.name)
    with document.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
