"""Staff login: the admin site with optional two-factor authentication, the lockout page,
and the end of a deactivated user's sessions.

Two-factor authentication (a six-digit code from an authenticator app, TOTP) is optional
for staff: whoever has set it up is asked for a code at each login. It is required for
members of the groups in STAFF_2FA_REQUIRED_GROUPS (the Bureau) and, when
STAFF_2FA_REQUIRED_FOR_SUPERUSERS is on, for superusers: after their password they set it
up before they can open any admin page. Recovery when a phone is lost: a superuser deletes
the user's device in the admin, or `manage.py addstatictoken USERNAME` prints a single-use
code.
"""

import math
from base64 import b32encode

import segno
from axes.helpers import get_cool_off
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

CODE_WIDGET = forms.TextInput(
    attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr", "size": 10}
)


def two_factor_required(user) -> bool:
    """Whether each login of this staff member must be confirmed with a code."""
    if not hasattr(user, "_two_factor_required"):  # asked several times per admin page
        user._two_factor_required = (
            (user.is_superuser and settings.STAFF_2FA_REQUIRED_FOR_SUPERUSERS)
            or user.groups.filter(name__in=settings.STAFF_2FA_REQUIRED_GROUPS).exists()
            or user_has_device(user)
        )
    return user._two_factor_required


TOO_SOON = _(
    "Too many wrong codes in a row: wait %(seconds)s seconds, then type the code your app "
    "shows at that moment."
)


def refuse_while_waiting(device) -> None:
    """ValidationError "too_soon" while `device` waits after wrong codes (django-otp waits
    1, 2, 4… seconds and refuses any code meanwhile, a right one too)."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return
    seconds = max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))
    raise ValidationError(TOO_SOON, code="too_soon", params={"seconds": seconds})


def verified_device(user, token: str):
    """The user's device that accepts the code, or None; ValidationError "too_soon"
    while the device waits after wrong codes (even a right code is refused then).

    Six digits go to the authenticator app's device, anything else to the single-use
    recovery codes, so a mistyped code never counts against the other device.
    """
    token = "".join(token.split())
    kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    for device in devices_for_user(user):
        if isinstance(device, kind):
            refuse_while_waiting(device)
            return verify_token(user, device.persistent_id, token)
    return None


class StaffAuthenticationForm(AdminAuthenticationForm):
    """The admin's login form, with the code of staff who use two-factor authentication."""

    otp_token = forms.CharField(
        label=_("Authentication code"),
        required=False,
        max_length=20,
        widget=CODE_WIDGET,
        help_text=_("Only if you have set up two-factor authentication: the code in your app."),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_code": _(
            "This authentication code is not valid. Type the code your app shows now; "
            "check that your phone's clock is right."
        ),
    }

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            device = verified_device(user, cleaned_data.get("otp_token") or "")
            if device is None:
                # A wrong code counts as a failed login for the lockout, like a wrong password.
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": user.get_username()},
                    request=self.request,
                )
                raise ValidationError(self.error_messages["invalid_code"], code="invalid_code")
            user.otp_device = device  # django-otp keeps it in the session at login
        return cleaned_data


class TwoFactorSetupForm(forms.Form):
    token = forms.CharField(
        label=_("Code shown by the app"), min_length=6, max_length=8, widget=CODE_WIDGET
    )

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        refuse_while_waiting(self.device)
        if not self.device.verify_token(token):
            raise ValidationError(StaffAuthenticationForm.error_messages["invalid_code"])
        return token


class StaffAdminSite(admin.AdminSite):
    """The admin, opened only to staff whose second factor is confirmed when they need one."""

    login_form = StaffAuthenticationForm
    login_template = "security/login.html"

    def has_permission(self, request):
        user = request.user
        return super().has_permission(request) and (
            user.is_verified() or not two_factor_required(user)
        )

    def login(self, request, extra_context=None):
        user = request.user
        if (
            request.method == "GET"
            and user.is_active
            and user.is_staff
            and two_factor_required(user)
            and not user_has_device(user)
        ):
            return redirect(reverse("admin:two_factor_setup", current_app=self.name))
        return super().login(request, extra_context)

    def get_urls(self):
        return [
            path("two-factor/", self.staff_view(self.two_factor_setup), name="two_factor_setup"),
            # The admin's own logout needs full permission, which such staff do not have yet.
            path("two-factor/logout/", self.staff_view(self.logout), name="two_factor_logout"),
            *super().get_urls(),
        ]

    def staff_view(self, view):
        """Like admin_view, for the pages staff reach before their second factor."""

        def inner(request, *args, **kwargs):
            if not (request.user.is_active and request.user.is_staff):
                login_url = reverse("admin:login", current_app=self.name)
                return redirect_to_login(request.get_full_path(), login_url)
            return view(request, *args, **kwargs)

        return csrf_protect(never_cache(inner))

    def two_factor_setup(self, request):
        """Set up (or replace) the authenticator app of the staff member who is logged in."""
        user = request.user
        if user_has_device(user) and not user.is_verified():
            # Only whoever holds the current authenticator may replace it.
            login_url = reverse("admin:login", current_app=self.name)
            return redirect_to_login(request.get_full_path(), login_url)
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name=str(_("Authenticator app")), confirmed=False
            )
        form = TwoFactorSetupForm(device, request.POST or None)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(
                request, _("Two-factor authentication is on: each login now asks for a code.")
            )
            return redirect(reverse("admin:index", current_app=self.name))
        secret = b32encode(device.bin_key).decode()
        context = {
            **self.each_context(request),
            "title": _("Two-factor authentication"),
            "subtitle": None,
            "form": form,
            "required": two_factor_required(user),
            "replacing": user_has_device(user),
            "qr_code": segno.make(device.config_url, error="m").svg_data_uri(
                scale=5, dark="#000", light="#fff"
            ),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        }
        request.current_app = self.name
        return TemplateResponse(request, "security/two_factor_setup.html", context)


def lockout(request, original_response=None, credentials=None):
    """The page django-axes shows when it refuses a login: translated, in the admin's look."""
    context = {
        **admin.site.each_context(request),
        "title": _("Login paused"),
        "minutes": int(get_cool_off(request).total_seconds() // 60),
    }
    return render(request, "security/lockout.html", context, status=429)


def client_ip(request) -> str:
    """The visitor's address behind the front proxy, for the login lockout.

    The proxy appends the address it sees to X-Forwarded-For; earlier entries come from the
    client and may be invented, so only the last one counts.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[-1].strip() or request.META.get("REMOTE_ADDR", "")


def user_sessions_end(*, user) -> int:
    """End every session of the user at once; returns how many there were.

    Only staff have sessions (visitors get none), so the table stays small enough to read.
    """
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def end_sessions_of_deactivated_user(sender, instance, **kwargs):
    # A signal, not an admin action: an account deactivated in any way (admin, shell, a
    # later command) is logged out everywhere at once, and reactivating it later does not
    # bring an old session back.
    if not instance.is_active:
        user_sessions_end(user=instance)
