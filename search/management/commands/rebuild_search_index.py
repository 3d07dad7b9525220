"""Rebuild every search document from the records.

Saves keep the index current; this is for a new deployment, after a bulk load that
bypassed model saves, or after changing how documents are built.
"""

from django.core.management.base import BaseCommand

from search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search documents of initiatives, monitoring updates and communes."

    def handle(self, *args, **options):
        def progress(kind, done, total):
            if options["verbosity"] > 0:
                end = "\n" if done == total else ""
                self.stdout.write(f"\r{kind}: {done}/{total}", ending=end)

        counts = rebuild(progress)
        summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {summary}."))
