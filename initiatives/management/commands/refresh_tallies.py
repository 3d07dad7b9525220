from django.core.management.base import BaseCommand

from initiatives import tallies


class Command(BaseCommand):
    help = "Recompute the published initiatives' counts and sums (initiatives/tallies.py)."

    def handle(self, *args, **options):
        tallies.refresh()
        self.stdout.write(self.style.SUCCESS("Tallies recomputed."))
