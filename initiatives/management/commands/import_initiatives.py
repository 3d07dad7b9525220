"""Import initiatives and their fundings from a CSV or XLSX file.

The same import as the admin's page, for files too large for a web request and for
scripts. Safe to run twice: rows whose reference exists update that initiative, and a
row that changes nothing writes nothing. With --dry-run nothing is written; without it,
either every row is imported or, when any row is rejected, none is. The exit status is
1 when any row is rejected.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from initiatives.importing import REJECT, ImportFileError, initiatives_import, read_table
from initiatives.importing.service import ACTIONS

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Create or update initiatives and their fundings from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what each row would do, write nothing."
        )
        parser.add_argument(
            "--user",
            help="Import as this staff member: recorded in the history, limited to what "
            "the account may change (a correspondent's communes).",
        )
        parser.add_argument(
            "--language",
            choices=["ar", "fr", "en"],
            help="Language of the messages (default: the portal's, Arabic).",
        )

    def handle(self, *args, file: Path, dry_run=False, user=None, language=None, **options):
        self.verbosity = options["verbosity"]
        account = self._user(user)
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        with translation.override(language or translation.get_language()):
            try:
                table = read_table(content)
            except ImportFileError as error:
                raise CommandError(str(error)) from None
            report = initiatives_import(
                table=table,
                user=account,
                dry_run=dry_run,
                reason=f"import: {file.name}",
                progress=self._progress if self.verbosity else None,
            )
            if self.verbosity:
                self._report(report)
        rejected = len(report.rejected)
        if rejected:
            raise CommandError(
                f"{rejected} of {len(report.rows)} rows rejected: nothing was written.",
                returncode=1,
            )

    def _user(self, username):
        if username is None:
            return None
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No active user named {username!r}.") from None

    def _progress(self, done: int, total: int):
        # Redrawn when the percentage changes: a line per row would cost more than a row.
        if done != total and done * 100 // total == (done - 1) * 100 // total:
            return
        filled = BAR_WIDTH * done // total
        self.stdout.write(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}",
            ending="\n" if done == total else "",
        )
        self.stdout.flush()

    def _report(self, report):
        for row in report.rows:
            if row.action == REJECT:
                self.stdout.write(
                    self.style.ERROR(f"{row.line} {row.reference}: {row.action_label}")
                )
                for error in row.errors:
                    self.stdout.write(f"    {error}")
            elif self.verbosity >= 2 and row.changes:
                self.stdout.write(f"{row.line} {row.reference}: {row.action_label}")
                for change in row.changes:
                    self.stdout.write(f"    {change.label}: {change.old} → {change.new}")
        if report.ignored_columns:
            ignored = ", ".join(report.ignored_columns)
            self.stdout.write(_("Columns the portal does not know, ignored:") + f" {ignored}")
        summary = ", ".join(f"{ACTIONS[action]}: {n}" for action, n in report.counts.items())
        if report.written:
            self.stdout.write(self.style.SUCCESS(_("Imported.") + f" {summary}"))
        elif report.dry_run and not report.rejected:
            self.stdout.write(self.style.SUCCESS(_("Dry run: nothing written.") + f" {summary}"))
        else:
            self.stdout.write(self.style.WARNING(_("Nothing written.") + f" {summary}"))
