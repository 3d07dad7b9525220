from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from azemmour_portal.admin import TranslatedAdmin
from azemmour_portal.edit_conflicts import KeptWhileCitedAdmin

from .checks import check_source_links
from .models import Source


@admin.register(Source)
class SourceAdmin(KeptWhileCitedAdmin, TranslatedAdmin):
    list_display = ["publication", "published_on", "language", "url", "link_ok", "last_checked_at"]
    list_filter = ["language", "link_ok"]
    search_fields = ["publication", "url", "quotation"]
    date_hierarchy = "published_on"
    readonly_fields = ["last_checked_at", "link_ok", "link_status"]
    actions = ["check_links"]

    @admin.action(description=_("Check whether the links still answer"))
    def check_links(self, request, queryset):
        checked = check_source_links(queryset)
        self.message_user(
            request,
            ngettext("%(count)d link checked.", "%(count)d links checked.", checked)
            % {"count": checked},
            messages.SUCCESS,
        )
