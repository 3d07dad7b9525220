"""Uploaded photos and documents: what the portal accepts, and how it stores them.

A file's name and the type a browser claims for it are chosen by whoever uploads it, so
both are ignored: a photo is accepted when Pillow decodes it as JPEG, PNG or WebP, a
document when its bytes are a PDF's. A photo claiming more than MAX_PIXELS is refused
before its pixels are decoded (a few kilobytes can claim a picture that fills the
memory), and one that cannot be decoded to its end (a cut-off upload) is refused after.

A photo is then stored re-encoded from its pixels alone, turned upright first: its EXIF
(camera, date, GPS position), XMP, ICC profile and comments do not survive. Field photos
are taken on phones, often at people's homes. The photos public pages show (of updates,
events, news and people) also get WebP renditions at RENDITION_WIDTHS, which the pages
offer with `srcset`, so that a phone downloads the width it shows, not the camera's.

Every stored file gets a random name: an uploaded name can say who is shown or where, and
a name nobody can guess keeps a file not yet public from being found.

The admin's forms (UploadForm, ImageUploadField, PdfUploadField) check and store every
upload; the model fields carry the same checks as validators, so that a full_clean()
elsewhere refuses what the admin refuses.
"""

import io
import posixpath
import uuid
from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

MAX_PIXELS = 40_000_000
RENDITION_WIDTHS = (320, 640, 1280)
# Pillow's name of each accepted format → the format it is stored in. MPO is the JPEG of
# some cameras (a JPEG followed by a second picture); only its first picture is kept.
FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
OPENERS = ["JPEG", "PNG", "WEBP"]  # the only decoders Pillow may try on an upload
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
ENCODING = {"JPEG": {"quality": 85, "optimize": True}, "PNG": {}, "WEBP": {"quality": 85}}
SRGB = ImageCms.createProfile("sRGB")

# Pillow's own guard, for every image this process opens (Django's dimension probe
# included): it warns above this many pixels and refuses twice as many.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

NOT_AN_IMAGE = _(
    "This file is not a JPEG, PNG or WebP photo, whatever its name says. "
    "Save it in one of these formats and upload it again."
)
DAMAGED_IMAGE = _(
    "This photo is damaged or incomplete (perhaps its upload was cut off). "
    "Upload the original file again."
)
TOO_MANY_PIXELS = _(
    "This photo is too large: at most %(limit)s million pixels are accepted. "
    "Reduce its size and upload it again."
)
NOT_A_PDF = _(
    "This file is not a PDF document, whatever its name says. Save it as PDF and upload it again."
)
INCOMPLETE_PDF = _("This PDF document is incomplete (its end is missing). Upload it again.")
DAMAGED_PDF = _(
    "This PDF document cannot be read: it is damaged, or protected by a password. "
    "Save it again as PDF, without a password, and upload it again."
)
ACTIVE_PDF = _(
    "This PDF document holds a script, an attached file or an action that opens another "
    "program or site. Print it to a new PDF document and upload that one."
)
TOO_HEAVY = _("This file is too heavy (%(size)s): at most %(limit)s are accepted.")


def check_size(upload, *, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(
            TOO_HEAVY,
            code="too_heavy",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )


def check_image(upload) -> str:
    """The format an uploaded photo is stored in ("JPEG", "PNG" or "WEBP"), or a
    ValidationError saying to the editor why it is refused."""
    # The form field and the model field's validator both check a new upload; decode once.
    if checked := getattr(upload, "checked_image_format", None):
        return checked
    check_size(upload, limit=settings.UPLOAD_IMAGE_MAX_BYTES)
    too_many_pixels = ValidationError(
        TOO_MANY_PIXELS, code="too_many_pixels", params={"limit": MAX_PIXELS // 1_000_000}
    )
    upload.seek(0)
    try:
        image = Image.open(upload, formats=OPENERS)  # reads the header, not the pixels
    except Image.DecompressionBombError as error:
        raise too_many_pixels from error
    except Exception as error:  # on a hostile file Pillow may raise almost anything
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from error
    with image:
        if image.format not in FORMATS:
            raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
        if image.width * image.height > MAX_PIXELS:
            raise too_many_pixels
        try:
            image.load()  # decodes every pixel: a truncated or corrupt file fails here
        except Exception as error:
            raise ValidationError(DAMAGED_IMAGE, code="damaged_image") from error
        stored_as = FORMATS[image.format]
    upload.seek(0)
    upload.checked_image_format = stored_as
    return stored_as


def check_pdf(upload) -> None:
    """Refuse, with a message for the editor, anything but a whole PDF document."""
    check_size(upload, limit=settings.UPLOAD_DOCUMENT_MAX_BYTES)
    upload.seek(0)
    if upload.read(5) != b"%PDF-":
        raise ValidationError(NOT_A_PDF, code="not_a_pdf")
    # The end-of-file marker closes the last 1024 bytes of a complete PDF.
    upload.seek(max(0, upload.size - 1024))
    if b"%%EOF" not in upload.read():
        raise ValidationError(INCOMPLETE_PDF, code="incomplete_pdf")
    upload.seek(0)
    # Imported here: pypdf weighs some 24 MiB in every process, for a PDF's upload only.
    import pypdf

    try:
        reader = pypdf.PdfReader(upload)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(DAMAGED_PDF, code="damaged_pdf")
        if not len(reader.pages):
            raise ValidationError(DAMAGED_PDF, code="damaged_pdf")
        active = active_content(reader)
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 (a hostile or broken file may raise anything)
        raise ValidationError(DAMAGED_PDF, code="damaged_pdf") from error
    finally:
        upload.seek(0)
    if active:
        raise ValidationError(ACTIVE_PDF, code="active_pdf")


# What a PDF viewer may run or open: scripts, attached files, forms that send or fetch,
# launched programs, embedded media. Names as pypdf reads them (#-escapes decoded).
ACTIVE_KEYS = {
    "/JS",
    "/JavaScript",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
}
ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/RichMediaExecute",
    "/GoToE",
}


def active_content(reader) -> str | None:
    """The first active key or action found among every object reachable from the
    document's trailer; None for a document that only shows pages."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen = set()
    stack = [reader.trailer]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            found = ACTIVE_KEYS.intersection(node)
            if found:
                return min(found)
            if dict.get(node, "/S") in ACTIVE_ACTIONS:
                return str(dict.get(node, "/S"))
            stack.extend(dict.values(node))
        elif isinstance(node, ArrayObject):
            stack.extend(list.__iter__(node))
    return None


def _new_upload(value):
    """The file just uploaded into a model's file field; None for a file already stored
    (it was checked when it was uploaded) and for a history row's file name."""
    if isinstance(value, FieldFile):
        # It holds an upload, uncommitted, from its assignment until the model's save.
        return None if value._committed else value.file
    return value if isinstance(value, File) else None


def validate_image_upload(value) -> None:
    """Validator of the models' photo fields."""
    if upload := _new_upload(value):
        check_image(upload)


def validate_pdf_upload(value) -> None:
    """Validator of the models' document fields."""
    if upload := _new_upload(value):
        check_pdf(upload)


def image_store(*, file: FieldFile, widths: Iterable[int] = ()) -> dict[str, str]:
    """Store the photo just uploaded into `file` (a model's image field, not saved yet)
    re-encoded from its pixels, upright, under a random name, with a WebP rendition at
    each of `widths` narrower than the photo; return {"320": path, …} of the renditions.
    """
    upload = file.file
    stored_as = check_image(upload)
    with Image.open(upload, formats=OPENERS) as original:
        image = ImageOps.exif_transpose(original)
    image = _in_srgb(image)
    # Only the pixels go on: no EXIF, GPS, XMP, ICC profile, comment or other chunk.
    image.info = {key: value for key, value in image.info.items() if key == "transparency"}
    name = f"{uuid.uuid4().hex}{EXTENSIONS[stored_as]}"
    # Named, so that the image field reads the new width and height from it.
    file.save(name, ContentFile(_encode(image, stored_as), name=name), save=False)
    return _store_renditions(image, name=file.name, storage=file.storage, widths=widths)


def stored_renditions(*, file: FieldFile, widths: Iterable[int]) -> dict[str, str]:
    """Make the WebP renditions of a photo already stored (re-encoded and upright when it
    was uploaded), for a photo stored before its model kept renditions."""
    with file.open("rb"), Image.open(file, formats=OPENERS) as image:
        image.load()
        return _store_renditions(image, name=file.name, storage=file.storage, widths=widths)


def document_store(*, file: FieldFile) -> None:
    """Store the PDF just uploaded into `file` (a model's file field) under a random name."""
    upload = file.file
    check_pdf(upload)
    file.save(f"{uuid.uuid4().hex}.pdf", upload, save=False)


def _in_srgb(image: Image.Image) -> Image.Image:
    """The image in sRGB, the colours browsers assume once its ICC profile is dropped
    (phones record in wider spaces such as Display P3)."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        return ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(profile)),
            SRGB,
            outputMode="RGBA" if image.mode == "RGBA" else "RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unreadable profile: the colours stay as they are


def _encode(image: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **ENCODING[image_format])
    return buffer.getvalue()


def _store_renditions(image, *, name: str, storage, widths: Iterable[int]) -> dict[str, str]:
    stem = posixpath.splitext(name)[0]
    mode = "RGBA" if image.has_transparency_data else "RGB"
    source = image if image.mode == mode else image.convert(mode)
    paths = {}
    for width in sorted(width for width in widths if width < image.width):
        height = max(1, round(image.height * width / image.width))
        rendition = source.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        paths[str(width)] = storage.save(
            f"{stem}-{width}.webp", ContentFile(_encode(rendition, "WEBP"))
        )
    return paths


def srcset(*, file: FieldFile, width: int | None, renditions: dict[str, str]) -> str:
    """The `srcset` of a stored photo: its renditions, and the photo itself when no
    rendition is as wide (a photo of 700 px offers 320w, 640w and 700w); empty when it
    has no renditions (too small, or stored before they existed)."""
    candidates = {int(w): file.storage.url(path) for w, path in renditions.items()}
    if candidates and width and width <= max(RENDITION_WIDTHS):
        candidates.setdefault(width, file.url)
    return ", ".join(f"{url} {w}w" for w, url in sorted(candidates.items()))


def narrowest(*, file: FieldFile, renditions: dict[str, str]) -> str:
    """The address of a stored photo's narrowest rendition, for the `src` that a browser
    without srcset loads; the photo's own address when it has no renditions."""
    if not renditions:
        return file.url
    return file.storage.url(renditions[min(renditions, key=int)])


def widest(*, file: FieldFile, renditions: dict[str, str]) -> str:
    """The address of a stored photo's widest rendition, for the link that shows it on its
    own: a phone opens at most 1280 px of WebP, not the camera's original."""
    if not renditions:
        return file.url
    return file.storage.url(renditions[max(renditions, key=int)])


def max_bytes_attrs(setting: str) -> dict:
    """The `data-max-bytes` of a file input: the browser refuses a heavier file before the
    form is sent (static/js/upload_check.js). Read from the setting when the page is drawn,
    not when the form class is made."""
    return {"data-max-bytes": lazy(lambda: str(getattr(settings, setting)), str)()}


class ImageUploadField(forms.FileField):
    """A photo upload, checked by check_image. It replaces forms.ImageField, whose check
    lets a truncated file through and gives one message for every refusal."""

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is not None:
            check_image(upload)
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput):
            attrs.update(max_bytes_attrs("UPLOAD_IMAGE_MAX_BYTES"))
            if "accept" not in widget.attrs:
                attrs["accept"] = "image/jpeg,image/png,image/webp"
        return attrs


class PdfUploadField(forms.FileField):
    """A document upload, checked by check_pdf."""

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is not None:
            check_pdf(upload)
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput):
            attrs.update(max_bytes_attrs("UPLOAD_DOCUMENT_MAX_BYTES"))
            if "accept" not in widget.attrs:
                attrs["accept"] = "application/pdf"
        return attrs


class UploadForm(forms.ModelForm):
    """A model form that stores its new uploads the safe way: a photo of an
    ImageUploadField through image_store (its renditions recorded in `renditions_field`
    when the model has one), a PDF of a PdfUploadField through document_store.

    Use it as an admin's `form`, with `Meta.field_classes` naming the upload fields.
    """

    renditions_field: str | None = None

    def save(self, commit=True):
        for name in self.changed_data:
            field = self.fields[name]
            if isinstance(field, ImageUploadField):
                file = getattr(self.instance, name)
                widths = RENDITION_WIDTHS if self.renditions_field else ()
                renditions = image_store(file=file, widths=widths) if file else {}
                if self.renditions_field:
                    setattr(self.instance, self.renditions_field, renditions)
            elif isinstance(field, PdfUploadField) and (file := getattr(self.instance, name)):
                document_store(file=file)
        return super().save(commit)
