"""A subscription to one initiative outlives the initiative's deletion: its follower is told
of the deletion (alerts/sending.py), and follows the initiative again if the bureau restores
it (workflow/restore.py gives it back its id) within ALERTS_DELETED_INITIATIVE_DAYS; then
the subscription is deleted (alerts.services.deleted_initiatives_purge())."""

from django.db.models import F
from django.db.models.functions import Now
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from initiatives.models import Initiative

from .models import Subscription


@receiver(pre_delete, sender=Initiative, dispatch_uid="alerts-initiative-deleted")
def keep_followers_of_deleted(sender, instance, **kwargs):
    # Both columns in one statement: the subscription's constraint holds at every row.
    Subscription.objects.filter(initiative=instance).update(
        deleted_initiative_id=F("initiative_id"), deleted_initiative_at=Now(), initiative=None
    )


@receiver(post_save, sender=Initiative, dispatch_uid="alerts-initiative-restored")
def follow_restored(sender, instance, created, **kwargs):
    if created:
        Subscription.objects.filter(deleted_initiative_id=instance.pk).update(
            initiative=instance, deleted_initiative_id=None, deleted_initiative_at=None
        )
