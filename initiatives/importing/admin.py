"""The import page of the initiatives' admin: upload, dry run, then the real import.

Between the dry run and the import the uploaded file waits in a private folder
(IMPORTS_DIR, by default var/imports: outside MEDIA_ROOT, so no web server ever serves
it) under a random name; the preview page carries that name in a token signed for the
user who uploaded it, valid for a few hours. Files left behind by abandoned previews are
removed at the next upload. Nothing of the file goes into the session, and the second
step validates every row again: it trusts the preview's token, never its results.
"""

import os
import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .columns import BY_KEY, COLUMNS, template_csv
from .reading import ImportFileError, read_table
from .service import ACTIONS, REJECT, initiatives_import

MAX_BYTES = 20 * 1024 * 1024
# Each step (dry run, import) must end within the app server's timeout (30 s), on a server
# slower than the one measured: a new row costs about 32 ms on SQLite and 48 ms on
# PostgreSQL (some 30 queries: its history, its tallies, its savepoint), so 300 rows take
# about 15 s. A larger file goes through `manage.py import_initiatives`, unlimited.
MAX_ROWS = 300
TOKEN_SALT = "initiatives.import"
TOKEN_AGE = 12 * 60 * 60  # seconds a preview stays valid
STORED_NAME = re.compile(r"[0-9a-f]{32}")

ENCODINGS = {
    "utf-8": _("UTF-8"),
    "utf-8-sig": _("UTF-8 (with byte-order mark)"),
    "utf-16": _("UTF-16 (Excel «Unicode text»)"),
    "cp1256": _("Windows-1256 (Arabic Excel)"),
    "cp1252": _("Windows-1252 (French Excel)"),
    "xlsx": _("Excel workbook (XLSX), first sheet"),
}
DELIMITERS = {",": _("commas"), ";": _("semicolons"), "\t": _("tabs"), "؛": _("Arabic semicolons")}


def imports_dir() -> Path:
    folder = Path(settings.IMPORTS_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def keep_upload(content: bytes) -> str:
    """Store an uploaded file until its import; returns its (random) name."""
    folder = imports_dir()
    for old in folder.iterdir():
        if STORED_NAME.fullmatch(old.name) and old.stat().st_mtime < time.time() - TOKEN_AGE:
            old.unlink(missing_ok=True)
    name = secrets.token_hex(16)
    descriptor = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as stored:
        stored.write(content)
    return name


def kept_upload(token: str, user) -> tuple[str, str, bytes]:
    """The stored name, the original file name and the content a token stands for."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_AGE)
    except signing.BadSignature:
        raise ImportFileError(gettext("This preview has expired: upload the file again.")) from None
    if data.get("user") != user.pk or not STORED_NAME.fullmatch(data.get("name", "")):
        raise PermissionDenied
    try:
        return data["name"], data["filename"], (imports_dir() / data["name"]).read_bytes()
    except FileNotFoundError:
        raise ImportFileError(
            gettext("The uploaded file is no longer kept: upload it again.")
        ) from None


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (comma or semicolon, UTF-8 or Windows-1256) or XLSX."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.txt,.xlsx", "data-max-bytes": MAX_BYTES}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                gettext("The file is larger than %(n)d MB.") % {"n": MAX_BYTES // 2**20}
            )
        return upload


class ImportAdminMixin:
    """Adds the import page and the template file to a ModelAdmin of initiatives."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            path(
                "import/template.csv",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request) -> bool:
        return self.has_add_permission(request) or self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"has_import_permission": self.has_import_permission(request)} | (
            extra_context or {}
        )
        return super().changelist_view(request, extra_context)

    def import_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="initiatives-import.csv"'
        return response

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._import_step(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                return self._preview(request, upload.read(), upload.name)
            except ImportFileError as error:
                form.add_error("file", str(error))
        return self._render(request, "admin/initiatives/import.html", form=form, columns=COLUMNS)

    def _import_step(self, request):
        try:
            name, filename, content = kept_upload(request.POST["token"], request.user)
            table = read_table(content)
        except ImportFileError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(self._url("import"))
        report = initiatives_import(
            table=table, user=request.user, reason=f"import: {filename}", dry_run=False
        )
        (imports_dir() / name).unlink(missing_ok=True)
        if not report.written:
            return self._render_preview(request, report, table, None, filename)
        counts = report.counts
        self.message_user(
            request,
            gettext(
                "Import of «%(file)s» done: %(created)d initiatives created, %(updated)d "
                "updated, %(unchanged)d unchanged."
            )
            % {
                "file": filename,
                "created": counts["create"],
                "updated": counts["update"],
                "unchanged": counts["unchanged"],
            },
            messages.SUCCESS,
        )
        return redirect(self._url("changelist"))

    def _preview(self, request, content: bytes, filename: str):
        table = read_table(content)
        if not table.rows:
            raise ImportFileError(
                gettext(
                    "The file has its header row but no initiative under it: fill one row "
                    "per initiative below the header, then upload it again."
                )
            )
        if len(table.rows) > MAX_ROWS:
            raise ImportFileError(
                gettext(
                    "The file has %(rows)d rows; this page imports %(max)d at most. Split the "
                    "file, or ask the server's administrator to run `manage.py "
                    "import_initiatives`."
                )
                % {"rows": len(table.rows), "max": MAX_ROWS}
            )
        report = initiatives_import(table=table, user=request.user, dry_run=True)
        token = None
        if not report.rejected:  # else the corrected file is uploaded anew
            token = signing.dumps(
                {"name": keep_upload(content), "filename": filename, "user": request.user.pk},
                salt=TOKEN_SALT,
            )
        return self._render_preview(request, report, table, token, filename)

    def _render_preview(self, request, report, table, token, filename):
        return self._render(
            request,
            "admin/initiatives/import_preview.html",
            report=report,
            counts=[(ACTIONS[action], n) for action, n in report.counts.items()],
            rejected=report.rejected,
            accepted=[row for row in report.rows if row.action != REJECT],
            token=token,
            filename=filename,
            reference_label=BY_KEY["reference"].name(),
            encoding=ENCODINGS.get(table.encoding, table.encoding),
            delimiter=DELIMITERS.get(table.delimiter, ""),
        )

    def _render(self, request, template: str, **context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "title": _("Import initiatives from a spreadsheet"),
                "opts": self.opts,
                "template_url": self._url("import_template"),
                **context,
            },
        )

    def _url(self, view: str) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}")
