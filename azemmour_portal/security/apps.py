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


def name_models(config, names):
    """Names the package's models in the bureau's language, where the package names them
    in English only ("static device"). Set at start-up, not in the models' Meta: migrations
    read the Meta the package declares, so they see no change."""
    for model_name, (singular, plural) in names.items():
        options = config.get_model(model_name)._meta
        options.verbose_name, options.verbose_name_plural = singular, plural


class AuthenticatorAppsConfig(TOTPConfig):
    verbose_name = _("Authenticator apps")

    def ready(self):
        super().ready()
        name_models(self, {"TOTPDevice": (_("authenticator app"), _("authenticator apps"))})


class BackupCodesConfig(StaticConfig):
    verbose_name = _("Backup codes")

    def ready(self):
        super().ready()
        name_models(
            self,
            {
                "StaticDevice": (_("backup code list"), _("backup code lists")),
                "StaticToken": (_("backup code"), _("backup codes")),
            },
        )


class LoginAttemptsConfig(AxesAppConfig):
    verbose_name = _("Login attempts")
