"""The moderation queue: what citizens sent, shown as plain text (escaped, links never
made clickable), with the actions that accept or reject it. The submitter's contact is
shown only to the bureau (Law 09-08)."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.db.models.constants import LOOKUP_SEP
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, linebreaks
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from azemmour_portal.admin import ForgivingLettersAdmin
from initiatives.models import Update
from workflow.admin import CommuneScopedAdmin
from workflow.roles import BUREAU, can_publish, in_role

from . import services
from .models import DroppedSubmission, FieldReport, ReportPhoto, Suggestion
from .services import CONTACT_FIELDS


def sees_contact(user) -> bool:
    return user.is_superuser or in_role(user, BUREAU)


class SubmissionAdmin(CommuneScopedAdmin, ForgivingLettersAdmin, admin.ModelAdmin):
    """What both queues share: read-only content, the contact for the bureau, rejection."""

    date_hierarchy = "created_at"
    search_fields = ["reference"]
    contact_fieldset = (
        _("Contact (the bureau only; deleted after the retention period)"),
        {"fields": ["contact_name", "contact_phone", "contact_email", "contact_deleted_at"]},
    )
    moderation_fieldset = (
        _("Moderation"),
        {"fields": ["state", "rejection_reason", "moderated_at", "moderated_by"]},
    )
    content_fields: list[str] = []

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(None, {"fields": ["reference", "created_at", *self.content_fields]})]
        if sees_contact(request.user):
            fieldsets.append(self.contact_fieldset)
        fieldsets.append(self.moderation_fieldset)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        # What a citizen sent is evidence: moderators read it, and act through the actions.
        # The contact alone may be corrected, by the bureau, at its owner's request (Law
        # 09-08); the action below deletes it.
        editable = CONTACT_FIELDS if sees_contact(request.user) else ()
        return [
            field
            for _name, options in self.get_fieldsets(request, obj)
            for field in options["fields"]
            if field not in editable
        ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not sees_contact(request.user):
            actions.pop("delete_contact", None)
            actions.pop("reopen", None)
        return actions

    @admin.action(description=_("Reopen: back to the queue"), permissions=["change"])
    def reopen(self, request, queryset):
        self._moderate(
            request,
            queryset,
            lambda s: services.submission_reopen(submission=s, user=request.user),
            lambda done: (
                ngettext(
                    "%(n)d submission is back in the queue.",
                    "%(n)d submissions are back in the queue.",
                    len(done),
                )
                % {"n": len(done)}
            ),
        )

    @admin.action(
        description=_("Delete the contact (at the citizen's request)"), permissions=["change"]
    )
    def delete_contact(self, request, queryset):
        if not sees_contact(request.user):
            raise PermissionDenied
        deleted = services.contact_delete(queryset)
        self.message_user(
            request,
            ngettext(
                "The contact of %(n)d submission was deleted.",
                "The contacts of %(n)d submissions were deleted.",
                deleted,
            )
            % {"n": deleted},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False

    def lookup_allowed(self, lookup, value, request=None):
        # A filter in the address on a hidden field would tell, by its matches, what the
        # field holds (a phone number, digit by digit).
        hidden = lookup.split(LOOKUP_SEP, 1)[0] in CONTACT_FIELDS
        if hidden and (request is None or not sees_contact(request.user)):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        if sees_contact(request.user):
            return [*self.search_fields, *CONTACT_FIELDS]
        return self.search_fields

    @admin.display(description=_("text"))
    def plain_text(self, obj):
        # Escaped, line breaks kept, and never urlized: a link is read, not followed.
        return format_html(
            '<div class="citizen-text" dir="auto">{}</div>',
            linebreaks(getattr(obj, self.text_field), autoescape=True),
        )

    @admin.display(description=_("excerpt"))
    def excerpt(self, obj):
        return Truncator(getattr(obj, self.text_field)).chars(80)

    def _moderate(self, request, queryset, act, done_message):
        done, refused = [], []
        for submission in queryset:
            try:
                done.append(act(submission))
            except (ValidationError, PermissionDenied) as error:
                reason = "; ".join(getattr(error, "messages", [str(error)]))
                refused.append(f"{submission}: {reason}")
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)
        return done

    @admin.action(description=_("Reject, with a reason"), permissions=["change"])
    def reject(self, request, queryset):
        if "apply" not in request.POST:
            return render(
                request,
                "citizens/reject.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Reject these submissions"),
                    "submissions": queryset,
                    "opts": self.model._meta,
                    "action_checkbox_name": ACTION_CHECKBOX_NAME,
                },
            )
        reason = request.POST.get("reason", "")
        self._moderate(
            request,
            queryset,
            lambda s: services.submission_reject(submission=s, user=request.user, reason=reason),
            lambda done: (
                ngettext("%(n)d submission rejected.", "%(n)d submissions rejected.", len(done))
                % {"n": len(done)}
            ),
        )
        return None


class ReportPhotoInline(admin.TabularInline):
    model = ReportPhoto
    extra = 0
    fields = ["preview", "shows_identifiable_people"]
    readonly_fields = ["preview"]
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # Whether a photo shows people decides whether it needs their consent before it is
        # published: the bureau's call, as publishing is.
        if sees_contact(request.user):
            return self.readonly_fields
        return [*self.readonly_fields, "shows_identifiable_people"]

    @admin.display(description=_("photo"))
    def preview(self, obj):
        return format_html(
            '<a href="{url}"><img src="{url}" alt="" width="160" loading="lazy"></a>',
            url=obj.image.url,
        )


@admin.register(FieldReport)
class FieldReportAdmin(SubmissionAdmin):
    commune_lookup = "initiative__communes"
    text_field = "text"
    content_fields = ["initiative", "kind", "seen_on", "plain_text", "update"]
    list_display = [
        "reference",
        "created_at",
        "initiative",
        "kind",
        "excerpt",
        "photo_count",
        "state",
    ]
    list_filter = ["state", "kind", "initiative__communes"]
    list_select_related = ["initiative"]
    search_fields = ["reference", "initiative__title_ar", "initiative__title_fr"]
    inlines = [ReportPhotoInline]
    actions = ["accept_as_update", "accept_to_edit", "reject", "reopen", "delete_contact"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_photo_count=Count("photos"))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_publish(request.user, Update):  # services.report_accept would refuse
            actions.pop("accept_as_update", None)
            actions.pop("accept_to_edit", None)
        return actions

    @admin.display(description=_("photos"), ordering="_photo_count")
    def photo_count(self, obj):
        return obj._photo_count

    @admin.action(
        description=_("Accept as a monitoring update of the initiative"), permissions=["change"]
    )
    def accept_as_update(self, request, queryset):
        self._accept(request, queryset, publish=True)

    @admin.action(
        description=_("Accept as a monitoring update, to edit before publishing"),
        permissions=["change"],
    )
    def accept_to_edit(self, request, queryset):
        self._accept(request, queryset, publish=False)

    def _accept(self, request, queryset, *, publish: bool):
        done = self._moderate(
            request,
            queryset.select_related("initiative"),
            lambda report: services.report_accept(
                report=report, user=request.user, publish=publish
            ),
            lambda done: (
                ngettext(
                    "%(n)d report accepted as a monitoring update.",
                    "%(n)d reports accepted as monitoring updates.",
                    len(done),
                )
                % {"n": len(done)}
            ),
        )
        for update in done:
            if not update.is_published:
                why = (
                    _(
                        "A photo may show identifiable people: the update waits in "
                        "review until their consent is recorded or the photo is removed."
                    )
                    if update.publication_problems()
                    else _(
                        "The update waits in review: edit the citizen's words if needed, "
                        "then publish it."
                    )
                )
                self.message_user(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        why,
                        reverse("admin:initiatives_update_change", args=[update.pk]),
                        update,
                    ),
                    messages.WARNING,
                )


@admin.register(Suggestion)
class SuggestionAdmin(SubmissionAdmin):
    commune_lookup = "commune"
    text_field = "description"
    content_fields = ["commune", "sector", "title", "plain_text", "location", "initiative"]
    list_display = ["reference", "created_at", "commune", "title", "excerpt", "state"]
    list_filter = ["state", "commune", "sector"]
    list_select_related = ["commune", "sector"]
    search_fields = ["reference", "title"]
    actions = ["accept_as_draft_initiative", "reject", "reopen", "delete_contact"]

    @admin.action(description=_("Accept as a draft initiative"), permissions=["change"])
    def accept_as_draft_initiative(self, request, queryset):
        self._moderate(
            request,
            queryset.select_related("commune", "sector"),
            lambda s: services.suggestion_accept(suggestion=s, user=request.user),
            lambda done: (
                ngettext(
                    "%(n)d suggestion accepted as a draft initiative.",
                    "%(n)d suggestions accepted as draft initiatives.",
                    len(done),
                )
                % {"n": len(done)}
            ),
        )


@admin.register(DroppedSubmission)
class DroppedSubmissionAdmin(admin.ModelAdmin):
    list_display = ["day", "count"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
