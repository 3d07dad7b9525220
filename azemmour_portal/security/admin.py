"""The staff's authenticator apps in the admin, in the bureau's language.

django-otp's own admin page of TOTP devices is English throughout (its fields have no
translated names) and shows the device's secret key and clock settings. The bureau opens
it for one thing: a member lost their phone. So this page lists whose app it is and when
it was last used, lets the bureau unblock or delete it, and shows no secret. A member
sets up their app themselves, at their next login (security/staff.py), so none is added
here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

LABELS = {
    "name": _("name"),
    "confirmed": _("set up"),
    "throttling_failure_count": _("wrong codes in a row"),
}
HELP_TEXTS = {
    "name": _("To tell the member's apps apart."),
    "confirmed": _("Whether the member has finished setting up this app."),
    "throttling_failure_count": _(
        "After wrong codes the login makes the member wait longer each time; 0 lifts the wait."
    ),
}

admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAppAdmin(admin.ModelAdmin):
    list_display = ["member", "app_name", "created", "last_used", "set_up"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    search_help_text = _("Search by the member's username, e-mail or name.")
    fields = ["member", "name", "confirmed", "created", "last_used", "throttling_failure_count"]
    readonly_fields = ["member", "created", "last_used"]
    ordering = ["user__username", "id"]

    def has_add_permission(self, request):
        return False

    def get_form(self, request, obj=None, **kwargs):
        kwargs["labels"] = LABELS
        kwargs["help_texts"] = HELP_TEXTS
        return super().get_form(request, obj, **kwargs)

    @admin.display(description=_("staff member"), ordering="user__username")
    def member(self, device):
        return device.user

    @admin.display(description=_("name"), ordering="name")
    def app_name(self, device):
        return device.name

    @admin.display(description=_("set up on"), ordering="created_at")
    def created(self, device):
        return device.created_at

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, device):
        return device.last_used_at

    @admin.display(description=_("set up"), boolean=True, ordering="confirmed")
    def set_up(self, device):
        return device.confirmed
