"""The bureau sees who follows what (workflow/roles.py gives no other role these models).

Read-only but for deletion: an address enters only through its own confirmation, never by
hand, and the bureau deletes one on its owner's request (law 09-08).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Subscriber, Subscription


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SubscriptionInline(ReadOnlyMixin, admin.TabularInline):
    model = Subscription
    extra = 0
    fields = [
        "scope",
        "commune",
        "initiative",
        "deleted_initiative_at",
        "frequency",
        "confirmed_at",
        "last_sent_at",
    ]
    readonly_fields = fields


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["email", "language", "created_at", "confirmed_at", "subscription_count"]
    list_filter = ["language", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    fields = ["email", "language", "created_at", "confirmed_at"]
    readonly_fields = fields
    inlines = [SubscriptionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("subscriptions")

    @admin.display(description=_("subscriptions"))
    def subscription_count(self, obj):
        return len(obj.subscriptions.all())
