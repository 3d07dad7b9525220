"""Give files stored before the upload checks what a new upload gets.

Since the checks of initiatives/uploads.py, every photo is stored re-encoded from its
pixels (no EXIF, GPS position or camera data) and every document is a checked PDF, both
under a random name. Files stored earlier keep the name and the metadata they came with.
This command finds every stored file of a field that carries those checks
(validate_image_upload, validate_pdf_upload) whose name is not yet a random one, and:

- a photo is re-encoded from its pixels under a random name (with new WebP renditions
  where the model keeps them);
- a PDF is kept as it is, under a random name;
- a file that fails the checks (a text file named .jpg, an HTML page given as minutes)
  is left untouched and listed, for the bureau to replace or delete.

A photo already stored under a random name, of a model that keeps renditions but without
any (stored before its model kept them), gets its renditions, made from the stored photo.

Each record is saved on its own; the old file is deleted once its record points to the
new one. Run it once after upgrading; it does nothing to files already stored safely
that have their renditions. `--dry-run` lists what it would do.
"""

import posixpath
import re

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import models, transaction

from azemmour_portal.withheld import forget
from initiatives.uploads import (
    RENDITION_WIDTHS,
    document_store,
    image_store,
    stored_renditions,
    validate_image_upload,
    validate_pdf_upload,
)

RANDOM_NAME = re.compile(r"[0-9a-f]{32}\.(jpg|png|webp|pdf)")


def checked_fields():
    """(model, field, kind) of every file field that carries the upload checks."""
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.fields:
            if not isinstance(field, models.FileField):
                continue
            if validate_image_upload in field.validators:
                yield model, field, "image"
            elif validate_pdf_upload in field.validators:
                yield model, field, "pdf"


def keeps_renditions(record) -> bool:
    return any(field.name == "renditions" for field in record._meta.fields)


def lacks_renditions(record, field) -> bool:
    """A photo of a model that keeps renditions, without any, wide enough for one."""
    if not keeps_renditions(record) or record.renditions:
        return False
    width = getattr(record, field.width_field) if field.width_field else None
    return width is None or width > min(RENDITION_WIDTHS)


class Command(BaseCommand):
    help = (
        "Re-encode photos and rename documents stored before the upload checks; "
        "make the renditions of photos stored without them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        done = refused = added = 0
        for model, field, kind in checked_fields():
            records = model._base_manager.exclude(**{field.name: ""}).order_by("pk")
            for record in records.iterator():
                file = getattr(record, field.name)
                label = f"{model._meta.label} {record.pk} {field.name}: {file.name}"
                if RANDOM_NAME.fullmatch(posixpath.basename(file.name)):
                    if kind == "image" and lacks_renditions(record, field):
                        added += self.add_renditions(record, field, label, dry_run=dry_run)
                    continue
                if dry_run:
                    self.stdout.write(f"would re-store {label}")
                    continue
                try:
                    self.restore(record, field, kind)
                except (ValidationError, OSError) as error:
                    refused += 1
                    reason = " ".join(getattr(error, "messages", [str(error)]))
                    self.stdout.write(f"left as it is, to replace: {label} ({reason})")
                else:
                    done += 1
                    self.stdout.write(f"re-stored {label} as {getattr(record, field.name).name}")
        if not dry_run:
            if added:
                self.stdout.write(f"{added} photo(s) given renditions.")
            self.stdout.write(f"{done} file(s) re-stored, {refused} to replace.")

    def add_renditions(self, record, field, label: str, *, dry_run: bool) -> int:
        if dry_run:
            self.stdout.write(f"would add renditions to {label}")
            return 0
        try:
            renditions = stored_renditions(
                file=getattr(record, field.name), widths=RENDITION_WIDTHS
            )
        except (OSError, ValueError) as error:  # a file missing or unreadable: left as it is
            self.stdout.write(f"left without renditions: {label} ({error})")
            return 0
        if not renditions:
            return 0
        record.renditions = renditions
        with transaction.atomic():
            record.save(update_fields=["renditions"])
        self.stdout.write(f"added renditions to {label}: {', '.join(renditions)} px")
        return 1

    def restore(self, record, field, kind):
        file = getattr(record, field.name)
        storage, old_name = file.storage, file.name
        with_renditions = kind == "image" and keeps_renditions(record)
        old_renditions = list(record.renditions.values()) if with_renditions else []
        with file.open("rb"):
            if kind == "image":
                widths = RENDITION_WIDTHS if with_renditions else ()
                renditions = image_store(file=file, widths=widths)
                if with_renditions:
                    record.renditions = renditions
            else:
                document_store(file=file)
        changed = [field.name]
        for extra in (field.width_field, field.height_field) if kind == "image" else ():
            if extra:
                changed.append(extra)
        if with_renditions:
            changed.append("renditions")
        with transaction.atomic():
            record.save(update_fields=changed)
        # The old file carried what re-encoding removes (GPS position, camera): not
        # withheld for a restore like a replaced file, but deleted.
        for name in [old_name, *old_renditions]:
            forget(storage, name)
