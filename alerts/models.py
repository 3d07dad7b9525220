"""Who follows what by e-mail, and what each subscription was already sent.

The addresses are personal data (law 09-08): they are never shown on a public page, never
exported, and the admin shows them to the bureau only (workflow/roles.py).
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from azemmour_portal.constraints import ChecksInOneQuery, one_of
from communes.models import Commune
from initiatives.models import Initiative


def new_key() -> str:
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    """An e-mail address, in the language it subscribed in. No account, no password."""

    # Stored as typed, in lower case (the form does it); unique whatever the case.
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    # Part of every signed link: a new key makes all earlier links stop working.
    key = models.CharField(_("link key"), max_length=40, default=new_key, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="subscriber_email_unique",
                violation_error_message=_("This address is already subscribed."),
            ),
            one_of("language", [code for code, _name in settings.LANGUAGES], "subscriber"),
        ]

    def __str__(self):
        return self.email


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        """The only subscriptions that are ever sent anything but their confirmation."""
        return self.filter(confirmed_at__isnull=False)

    def with_withdrawn(self):
        """Each subscription with `withdrawn`: it follows an initiative the public may no
        longer see (archived, unpublished or deleted since), which is not named."""
        public = Initiative.objects.published().filter(pk=OuterRef("initiative_id"))
        return self.annotate(
            withdrawn=(Q(initiative__isnull=False) & ~Exists(public))
            | Q(deleted_initiative_id__isnull=False)
        )


class SubscriptionFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("as it happens")
    WEEKLY = "weekly", _("a weekly digest")


class Subscription(ChecksInOneQuery, models.Model):
    """One address following the whole district, one commune or one initiative."""

    class Scope(models.TextChoices):
        DISTRICT = "district", _("the whole district")
        COMMUNE = "commune", _("a commune")
        INITIATIVE = "initiative", _("an initiative")

    Frequency = SubscriptionFrequency

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    scope = models.CharField(_("follows"), max_length=20, choices=Scope)
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The initiative followed, once deleted (alerts/signals.py): its follower is told of
    # the deletion as of any withdrawal, and follows it again if the bureau restores it.
    deleted_initiative_id = models.BigIntegerField(
        _("deleted initiative"), null=True, blank=True, editable=False
    )
    # When it was deleted: ALERTS_DELETED_INITIATIVE_DAYS later, unless it was restored, the
    # subscription is deleted (alerts.services.deleted_initiatives_purge()).
    deleted_initiative_at = models.DateTimeField(
        _("initiative deleted on"), null=True, blank=True, editable=False
    )
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency, default=Frequency.IMMEDIATE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    # Changes made from this moment on are sent; nothing from before it.
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # The last e-mail (immediate) or digest (weekly) for this subscription.
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            one_of("frequency", SubscriptionFrequency, "subscription"),
            models.CheckConstraint(
                condition=(
                    Q(
                        scope="district",
                        commune__isnull=True,
                        initiative__isnull=True,
                        deleted_initiative_id__isnull=True,
                    )
                    | Q(
                        scope="commune",
                        commune__isnull=False,
                        initiative__isnull=True,
                        deleted_initiative_id__isnull=True,
                    )
                    | Q(
                        scope="initiative",
                        commune__isnull=True,
                        initiative__isnull=False,
                        deleted_initiative_id__isnull=True,
                    )
                    | Q(
                        scope="initiative",
                        commune__isnull=True,
                        initiative__isnull=True,
                        deleted_initiative_id__isnull=False,
                    )
                ),
                name="subscription_target_matches_scope",
                violation_error_message=_(
                    "A subscription follows the district, one commune or one initiative, "
                    "as its scope says."
                ),
            ),
            models.CheckConstraint(
                condition=Q(deleted_initiative_id__isnull=True, deleted_initiative_at__isnull=True)
                | Q(deleted_initiative_id__isnull=False, deleted_initiative_at__isnull=False),
                name="subscription_deleted_initiative_dated",
                violation_error_message=_(
                    "A deleted initiative's subscription keeps the date of its deletion."
                ),
            ),
            models.UniqueConstraint(
                fields=["subscriber"],
                condition=Q(scope="district"),
                name="subscription_one_district_per_subscriber",
                violation_error_message=_("This address already follows the district."),
            ),
            models.UniqueConstraint(
                fields=["subscriber", "commune"],
                name="subscription_one_per_commune",
                violation_error_message=_("This address already follows this commune."),
            ),
            models.UniqueConstraint(
                fields=["subscriber", "initiative"],
                name="subscription_one_per_initiative",
                violation_error_message=_("This address already follows this initiative."),
            ),
            models.CheckConstraint(
                condition=Q(last_sent_at__isnull=True) | Q(confirmed_at__isnull=False),
                name="subscription_sent_only_when_confirmed",
                violation_error_message=_("Nothing is sent before the address is confirmed."),
            ),
        ]

    def __str__(self):
        return f"{self.subscriber}: {self.target_name}"

    @property
    def target(self):
        return self.commune or self.initiative

    @property
    def target_name(self) -> str:
        target = self.target
        if target:
            return str(target)
        if self.scope == self.Scope.INITIATIVE:  # deleted since
            return str(_("an initiative no longer published"))
        return str(_("the whole Azemmour district"))

    @property
    def followed_initiative_id(self) -> int | None:
        """The initiative followed, whether it still exists or was deleted since."""
        return self.initiative_id or self.deleted_initiative_id

    @property
    def ends_at(self) -> datetime.datetime | None:
        """When the subscription to a deleted initiative ends, unless it is restored first
        (alerts.services.deleted_initiatives_purge())."""
        if self.deleted_initiative_at is None:
            return None
        return self.deleted_initiative_at + datetime.timedelta(
            days=settings.ALERTS_DELETED_INITIATIVE_DAYS
        )

    @property
    def ends_text(self) -> str:
        """Until when the subscription to a deleted initiative is kept, in the active
        language (its alerts page and e-mails say it); or "" for any other."""
        if self.ends_at is None:
            return ""
        date = date_format(timezone.localtime(self.ends_at), "DATE_FORMAT")
        text = _("this subscription ends on %(date)s, unless the initiative is published again")
        return text % {"date": date}

    def initiatives(self):
        """The published initiatives this subscription follows."""
        published = Initiative.objects.published()
        if self.scope == self.Scope.COMMUNE:
            return published.in_commune(self.commune_id)
        if self.scope == self.Scope.INITIATIVE:
            return published.filter(pk=self.initiative_id)
        return published


class SentChange(models.Model):
    """A change a subscription was sent, so that it is never sent again."""

    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="sent",
    )
    # "change:<history id>" for the change log, "update:<id>" for a monitoring update.
    key = models.CharField(_("change"), max_length=40)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("change sent")
        verbose_name_plural = _("changes sent")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "key"],
                name="sent_change_once_per_subscription",
                violation_error_message=_("This change was already sent to this subscription."),
            ),
        ]

    def __str__(self):
        return self.key
