from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SecurityConfig(AppConfig):
    name = "azemmour_portal.security"
    label = "security"
    default = True

    def ready(self):
        from . import staff  # noqa: F401 (connects the end of a deactivated user's sessions)


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the site that knows about two-factor authentication."""

    default = False
    default_site = "azemmour_portal.security.staff.StaffAdminSite"
