"""Create the staff roles (Bureau, Editor, Correspondent, Reader) with their permissions.

Every migrate does the same; run this after adding a model to bring the roles in step.
"""

from django.core.management.base import BaseCommand

from workflow.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the four staff roles and their permissions."

    def handle(self, *args, **options):
        for role, count in setup_roles().items():
            self.stdout.write(f"{role}: {count} permissions")
