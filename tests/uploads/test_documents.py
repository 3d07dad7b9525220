"""Documents: PDF only, recognised by their content, under a size limit, stored under a
random name."""

import os
import re
import subprocess
import sys

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf.actions import JavaScript
from pypdf.annotations import Link
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

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


def launch(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )


def form_that_sends(writer):
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/SubmitForm"),
            NameObject("/F"): TextStringObject("https://example.org/collect"),
        }
    )
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})


def escaped_script() -> SimpleUploadedFile:
    """A script whose name is written with a #-escape, as a hand-made PDF may write it."""
    content = files.pdf_written(
        lambda writer: writer.add_open_action(JavaScript("app.alert(1);"))
    ).read()
    assert b"/JavaScript" in content
    return files.upload("pv.pdf", content.replace(b"/JavaScript", b"/J#61vaScript"))


@pytest.mark.parametrize(
    "upload",
    [
        lambda: files.pdf_written(
            lambda writer: writer.add_open_action(JavaScript("app.alert(1);"))
        ),
        lambda: files.pdf_written(lambda writer: writer.add_attachment("liste.xlsx", b"PK")),
        lambda: files.pdf_written(launch),
        lambda: files.pdf_written(form_that_sends),
        escaped_script,
    ],
    ids=["script", "attached-file", "launch", "form-that-sends", "escaped-script"],
)
def test_a_pdf_that_can_run_or_open_something_is_refused(upload):
    with pytest.raises(ValidationError) as refused:
        uploads.check_pdf(upload())

    assert refused.value.code == "active_pdf"


def test_a_pdf_with_a_link_to_a_site_is_accepted():
    def link(writer):
        writer.add_annotation(0, Link(rect=(10, 10, 100, 30), url="https://www.azemmour.ma/"))

    uploads.check_pdf(files.pdf_written(link))


@pytest.mark.parametrize(
    "upload",
    [
        lambda: files.upload("pv.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF"),
        lambda: files.pdf_written(lambda writer: writer.encrypt("secret")),
    ],
    ids=["html-between-pdf-markers", "password"],
)
def test_a_pdf_that_cannot_be_read_is_refused_with_its_reason(upload):
    with pytest.raises(ValidationError) as refused:
        uploads.check_pdf(upload())

    assert refused.value.code == "damaged_pdf"


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_a_pdf_locked_against_printing_only_is_accepted(algorithm):
    """Many official documents restrict printing or copying, without an opening password."""
    uploads.check_pdf(
        files.pdf_written(
            lambda writer: writer.encrypt(user_password="", owner_password="x", algorithm=algorithm)
        )
    )


def test_a_pdf_that_breaks_the_reader_is_refused_not_an_error(monkeypatch):
    def broken(*args, **kwargs):
        raise AttributeError("'NullObject' object has no attribute 'get'")

    monkeypatch.setattr(pypdf, "PdfReader", broken)
    with pytest.raises(ValidationError) as refused:
        uploads.check_pdf(files.pdf())

    assert refused.value.code == "damaged_pdf"


def test_a_process_serving_pages_does_not_load_the_pdf_reader():
    """pypdf weighs about 24 MiB in each process; only a PDF's upload needs it."""
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            # Every model, admin, view and form of the portal, as a worker loads them.
            "import django, sys; django.setup(); import azemmour_portal.urls; "
            "print('pypdf' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "azemmour_portal.settings.test"},
    ).stdout.strip()

    assert loaded == "False"
