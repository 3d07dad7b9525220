"""The admin side of roles and publishing: who sees what, who may publish, the pages
where the bureau restores deleted records, and the bureau's dashboard on the admin's
front page."""

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from azemmour_portal.admin import ForgivingAutocompleteAdmin

from .models import StaffProfile
from .restore import (
    UNKNOWN,
    UNKNOWN_RECORD,
    children,
    deleted_records,
    initiative_restore,
    parent_link,
    record_name,
    record_restore,
)
from .roles import can_publish, can_restore, correspondent_communes, locked, still_open
from .services import TRANSITIONS

admin.site.index_template = "workflow/admin_index.html"

DONE = {
    "submit": ngettext_lazy(
        "%(n)d record submitted for review.", "%(n)d records submitted for review.", "n"
    ),
    "publish": ngettext_lazy("%(n)d record published.", "%(n)d records published.", "n"),
    "archive": ngettext_lazy("%(n)d record archived.", "%(n)d records archived.", "n"),
    "send_back": ngettext_lazy("%(n)d record sent back.", "%(n)d records sent back.", "n"),
}


def limited(queryset, user, lookup: str):
    """Only the records in a correspondent's communes; everyone else sees all."""
    communes = correspondent_communes(user)
    if communes is None:
        return queryset
    return queryset.filter(**{f"{lookup}__in": communes}).distinct()


class LockedWhenPublishedInline:
    """An inline of a record: view-only, for an author, once the record is published; and
    a row that is itself published (an update shown on its draft initiative's page) is
    neither changed nor deleted by an author."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        user = request.user

        class LockedRows(formset):
            def clean(self):
                super().clean()
                for form in self.forms:
                    record = form.instance
                    if record.pk is None or not locked(record, user):
                        continue
                    if form.has_changed() or self._should_delete_form(form):
                        # Named as saved: the form has already written the change into it.
                        saved = type(record)._base_manager.get(pk=record.pk)
                        raise ValidationError(
                            _("“%(record)s” is published: only the bureau changes or deletes it.")
                            % {"record": saved}
                        )

        return LockedRows

    def has_add_permission(self, request, obj=None):
        return not locked(obj, request.user) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not locked(obj, request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not locked(obj, request.user) and super().has_delete_permission(request, obj)


class LockedWithParentAdmin:
    """The page of what hangs from a record (a photo, a document, a funding): view-only,
    for an author, once the record is published; and an author adds one only to a record
    not published yet."""

    locked_parent = "update"

    def _parent_locked(self, request, obj) -> bool:
        return obj is not None and locked(getattr(obj, self.locked_parent), request.user)

    def has_change_permission(self, request, obj=None):
        return not self._parent_locked(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._parent_locked(request, obj) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == self.locked_parent and field is not None:
            field.queryset = still_open(field.queryset, request.user)
            if correspondent_communes(request.user) is None:
                refused = _(
                    "Choose a record not published yet: once published, only the bureau changes it."
                )
            else:
                # Refused for its commune as much as for its publication.
                refused = _(
                    "Choose a record of your communes that is not published yet: once "
                    "published, only the bureau changes it."
                )
            field.error_messages["invalid_choice"] = refused
        return field


class CommuneScopedAdmin:
    """Correspondents see, choose and change only records of their communes: in
    changelists, forms, autocomplete and actions alike (they all start from
    get_queryset)."""

    commune_lookup = "communes"

    def get_queryset(self, request):
        return limited(super().get_queryset(request), request.user, self.commune_lookup)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "communes":
            communes = correspondent_communes(request.user)
            if communes is not None:
                kwargs["queryset"] = communes
                kwargs["help_text"] = _(
                    "Only your communes are offered; the record's other communes, if any, "
                    "stay as they are."
                )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        # The form offers a correspondent their communes only, so it posts back only those:
        # the record's other communes (a plant shared with a neighbour) are kept, not
        # dropped from the neighbour's page and figures.
        communes = correspondent_communes(request.user)
        if change and communes is not None and "communes" in form.cleaned_data:
            others = form.instance.communes.exclude(pk__in=communes.values("pk"))
            form.cleaned_data["communes"] = [*form.cleaned_data["communes"], *others]
        super().save_related(request, form, formsets, change)

    # Links to another initiative or update: a correspondent links only to their
    # communes' records, whose titles they may read.
    scoped_links = {
        "initiative": "communes",
        "parent": "communes",
        "update": "initiative__communes",
    }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        lookup = self.scoped_links.get(db_field.name)
        if lookup and db_field.related_model._meta.app_label == "initiatives":
            related = db_field.related_model._default_manager.all()
            kwargs["queryset"] = limited(related, request.user, lookup)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is None or correspondent_communes(request.user) is None:
            return readonly
        # A link the bureau made to another commune's record stays as it is: offered only
        # their own, a correspondent could not save the record otherwise.
        for name, lookup in self.scoped_links.items():
            target = getattr(obj, f"{name}_id", None)
            if target is None or name in readonly:
                continue
            field = obj._meta.get_field(name)
            related = field.related_model._default_manager.filter(pk=target)
            if not limited(related, request.user, lookup).exists():
                readonly.append(name)
        return readonly

    def _in_scope(self, request, object_id) -> bool:
        return correspondent_communes(request.user) is None or (
            self.get_object(request, object_id) is not None
        )

    # A record's history holds every field of every version (drafts, internal notes):
    # a correspondent reads only their communes' records there too.
    def history_view(self, request, object_id, extra_context=None):
        if not self._in_scope(request, object_id):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self._in_scope(request, object_id):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


class PublishingAdmin(CommuneScopedAdmin):
    """Publication through transitions: authors submit, the bureau publishes, archives or
    sends back; once published, only the bureau may delete or restore a version."""

    actions = ["submit_for_review", "publish", "archive", "send_back"]
    workflow_fields = ("state", "review_comment", "published_at")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user, self.model):
            readonly += [f for f in self.workflow_fields if f not in readonly]
        return readonly

    def has_change_permission(self, request, obj=None):
        # An author reads a published record; a change to it is the bureau's.
        return not locked(obj, request.user) and super().has_change_permission(request, obj)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The picker of a photo's update or a funding's initiative offers an author only
        # what they may still add to (LockedWithParentAdmin refuses the rest).
        source_admin = self._picker_source(request)
        if isinstance(
            source_admin, LockedWithParentAdmin
        ) and source_admin.locked_parent == request.GET.get("field_name"):
            queryset = still_open(queryset, request.user)
        return queryset, may_have_duplicates

    def _picker_source(self, request):
        """The admin of the form whose picker (autocomplete) asks, if it is one."""
        try:
            model = apps.get_registered_model(request.GET["app_label"], request.GET["model_name"])
        except (KeyError, LookupError):
            return None
        return self.admin_site._registry.get(model)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            record = self.get_object(request, object_id)
            if record is not None and locked(record, request.user):
                self.message_user(request, self.locked_message(record), messages.INFO)
        return super().change_view(request, object_id, form_url, extra_context)

    def locked_message(self, record):
        """What an author is told on a published record's page, which they only read."""
        return _(
            "This record is published: only the bureau changes it. Tell the bureau what "
            "should change."
        )

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        if obj is not None and obj.published_at is not None:
            return can_publish(request.user, self.model)
        return True

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_publish(request.user, self.model):
            for name in ("publish", "archive", "send_back", "delete_selected"):
                actions.pop(name, None)
        return actions

    def revert_disabled(self, request, obj=None):
        # Restoring an earlier version is the bureau's decision.
        return not can_publish(request.user, self.model)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The page may be read by authors; its form must not restore for them either.
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _transition(self, request, queryset, name, **arguments):
        done, refused = 0, []
        for record in queryset:
            try:
                TRANSITIONS[name](record=record, user=request.user, **arguments)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                reason = "; ".join(getattr(error, "messages", [str(error)]))
                refused.append(f"{record}: {reason}")
        if done:
            self.message_user(request, DONE[name] % {"n": done})
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=_("Submit for review"))
    def submit_for_review(self, request, queryset):
        self._transition(request, queryset, "submit")

    @admin.action(description=_("Publish"))
    def publish(self, request, queryset):
        self._transition(request, queryset, "publish")

    @admin.action(description=_("Archive (withdraw from the public site)"))
    def archive(self, request, queryset):
        self._transition(request, queryset, "archive")

    @admin.action(description=_("Send back to the author with a comment"))
    def send_back(self, request, queryset):
        comment = request.POST.get("comment", "")
        if "apply" not in request.POST:
            return render(
                request,
                "workflow/send_back.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Send back to the author"),
                    "records": queryset,
                    "opts": self.model._meta,
                    "action_checkbox_name": ACTION_CHECKBOX_NAME,
                },
            )
        self._transition(request, queryset, "send_back", comment=comment)
        return None


class RestoreDeletedAdmin:
    """A page beside a changelist, "Deleted records" (`<changelist>/deleted/`), where the
    bureau finds the records deleted on their own and brings them back with what went
    with them (workflow/restore.py). The records of an inline with no page of their own
    (a proposal's steps) are listed on their parent's."""

    deleted_intro = _(
        "Records deleted on their own, newest first. Restoring one brings back what was "
        "deleted with it too (a monitoring update's photos and documents, a proposal's "
        "steps). What was deleted with another record comes back with that record."
    )
    deleted_column = _("Record")
    deleted_none = _("Nothing here has been deleted.")
    unknown = UNKNOWN_RECORD
    # The most rows the page lists: the latest deletions are the ones to undo.
    deleted_limit = 100

    def deleted_title(self):
        return _("Deleted records: %(records)s") % {"records": self.model._meta.verbose_name_plural}

    def deleted_url_name(self) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_deleted"

    def deleted_models(self) -> list:
        """This admin's model, and those of its inlines with a history and no admin."""
        inlines = {inline.model for inline in self.inlines}
        return [
            self.model,
            *(
                child
                for child, _link in children(self.model)
                if child in inlines and not self.admin_site.is_registered(child)
            ),
        ]

    def restore(self, *, model, history_id: int, user):
        return record_restore(model=model, history_id=history_id, user=user)

    def restored_message(self, record) -> str:
        return _("“%(record)s” is restored.") % {"record": record_name(record)}

    def get_urls(self):
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name=self.deleted_url_name(),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if can_restore(request.user):
            url = reverse(f"{self.admin_site.name}:{self.deleted_url_name()}")
            extra_context = {"deleted_url": url, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def deleted_view(self, request):
        if not can_restore(request.user):
            raise PermissionDenied
        listed = {model._meta.label_lower: model for model in self.deleted_models()}
        if request.method == "POST":
            model = listed.get(request.POST.get("model", self.model._meta.label_lower))
            history_id = request.POST.get("history_id", "")
            try:
                if model is None or not history_id.isdigit():
                    raise ValidationError(self.unknown)
                restored = self.restore(model=model, history_id=int(history_id), user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, self.restored_message(restored), messages.SUCCESS)
            return redirect(f"{self.admin_site.name}:{self.deleted_url_name()}")
        rows = self.deleted_rows(listed.values())
        return TemplateResponse(
            request,
            "workflow/deleted.html",
            {
                **self.admin_site.each_context(request),
                "title": self.deleted_title(),
                "opts": self.model._meta,
                "intro": self.deleted_intro,
                "column": self.deleted_column,
                "none": self.deleted_none,
                "rows": rows,
                "with_parents": any(row["parent"] for row in rows),
            },
        )

    def deleted_rows(self, listed) -> list[dict]:
        """The latest deletions of the listed models, each with the names of its record
        and of the record it belongs to, in a few queries however many rows there are."""
        rows = []
        for model in listed:
            versions = deleted_records(model).select_related("history_user")
            for version in versions[: self.deleted_limit]:
                rows.append({"version": version, "record": version.instance, "model": model})
        rows.sort(key=lambda row: row["version"].history_date, reverse=True)
        rows = rows[: self.deleted_limit]
        for model in listed:
            records = [row["record"] for row in rows if row["model"] is model]
            links = [f.name for f in model._meta.concrete_fields if f.many_to_one]
            prefetch_related_objects(records, *links)
        gone = self._deleted_parents(rows)
        for row in rows:
            record, link = row["record"], parent_link(row["model"])
            row["label"] = row["model"]._meta.label_lower
            row["name"] = record_name(record)
            row["parent"] = None
            if link is not None:
                parent = link.get_cached_value(record, None)
                key = (link.related_model, getattr(record, link.attname))
                row["parent"] = record_name(parent) if parent else gone.get(key)
        return rows

    def _deleted_parents(self, rows) -> dict:
        """The names, from their history, of the deleted records the rows belong to."""
        missing = {}
        for row in rows:
            link = parent_link(row["model"])
            if link is not None and link.get_cached_value(row["record"], None) is None:
                missing.setdefault(link.related_model, set()).add(
                    getattr(row["record"], link.attname)
                )
        names = {}
        for model, ids in missing.items():
            versions = model.history.model.objects.filter(id__in=ids, history_type="-")
            for version in versions.order_by("history_date", "history_id"):
                names[(model, version.id)] = record_name(version.instance)
        return names


class RestoreDeletedInitiativesAdmin(RestoreDeletedAdmin):
    """Deleted initiatives, which come back with their fundings and monitoring updates."""

    deleted_intro = _(
        "Initiatives deleted from the records. Restoring one brings back its fundings and "
        "monitoring updates too."
    )
    deleted_column = _("Initiative")
    deleted_none = _("No initiative has been deleted.")
    unknown = UNKNOWN

    def deleted_title(self):
        return _("Deleted initiatives")

    def restore(self, *, model, history_id: int, user):
        return initiative_restore(history_id=history_id, user=user)

    def restored_message(self, record) -> str:
        return _("“%(title)s” is restored with its fundings and updates.") % {"title": record}


@admin.register(StaffProfile)
class StaffProfileAdmin(ForgivingAutocompleteAdmin, admin.ModelAdmin):
    list_display = ["user"]
    autocomplete_fields = ["communes"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user"]


# A permission's action, as the admin names it in every language: Django stores
# "Can add initiative" in English in the database.
ACTIONS = {
    "add": pgettext_lazy("permission", "Add"),
    "change": pgettext_lazy("permission", "Change"),
    "delete": pgettext_lazy("permission", "Delete"),
    "view": pgettext_lazy("permission", "View"),
}


def permission_label(permission) -> str:
    """«المبادرات | مبادرة | إضافة»: the app and the model in the admin's language, then the
    action, or a permission's own name as its model declares it (translated)."""
    model = permission.content_type.model_class()
    if model is None:  # a model since removed
        return str(permission)
    action, _underscore, model_name = permission.codename.partition("_")
    if action in ACTIONS and model_name == model._meta.model_name:
        name = ACTIONS[action]
    else:
        name = dict(model._meta.permissions).get(permission.codename, permission.name)
    return f"{permission.content_type} | {name}"


class PermissionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


class NamedPermissionsAdmin:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["form_class"] = PermissionsField
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PortalGroupAdmin(NamedPermissionsAdmin, GroupAdmin):
    pass


class PortalUserAdmin(NamedPermissionsAdmin, UserAdmin):
    pass


admin.site.unregister(Group)
admin.site.register(Group, PortalGroupAdmin)
admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
