from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


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


# The security packages' sections of the admin, named in the bureau's language (the
# packages give none, and the admin would show "Otp_Totp").


class AuthenticatorAppsConfig(TOTPConfig):
    verbose_name = _("Authenticator apps")


class BackupCodesConfig(StaticConfig):
    verbose_name = _("Backup codes")


class LoginAttemptsConfig(AxesAppConfig):
    verbose_name = _("Login attempts")
