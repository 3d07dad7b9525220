from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizensConfig(AppConfig):
    name = "citizens"
    verbose_name = _("Citizens' reports and suggestions")

    def ready(self):
        from django.db.models.signals import post_migrate

        from workflow.roles import setup_roles_after_migrate

        # This app's permissions are created after the workflow app's migrate signal, so
        # the roles are brought in step again once they exist.
        post_migrate.connect(setup_roles_after_migrate, sender=self)
