from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Staff and publishing")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import restore
        from .roles import setup_roles_after_migrate

        post_migrate.connect(setup_roles_after_migrate, sender=self)
        restore.connect_signals()
