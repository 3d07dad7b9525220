"""An editor's work in the admin is not lost to someone else's, nor to the page.

Two volunteers editing the same record: the second to save is told, instead of silently
undoing the first one's work. A change form carries the version of the record it was
drawn from (a digest of the fields the form holds, its many-to-many choices among them,
and the time it was drawn). When it comes back, the record is read again, locked until the
save ends; if it changed in between, the form is refused with a message saying who changed
what and when (from the record's history, where it has one), and is drawn again with what
the editor typed and the new version: saving again then knowingly replaces the other change.
A form sent without a version (a script, an older page) is saved as before.

The rows of a record's inlines (its fundings, sources, monitoring updates) carry what the
editor saw of them (Django's hidden initial values): a row the editor did not touch is not
written, so it cannot undo a change made to it elsewhere meanwhile; a row the editor did
change, which someone else changed meanwhile, is refused; a row deleted meanwhile is left
deleted.

Besides: the text typed in a record's form is kept in the browser until it is saved
(UnsavedWorkAdmin), and a record that others point to is not deleted from under them
(KeptWhileCitedAdmin)."""

import datetime
import hashlib
import time
from functools import cached_property

from django import forms
from django.contrib import messages
from django.db import connections, models, router
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext

from .cited import citing
from .templatetags.portal import names

FIELD = "_edit_base"


def checked_fields(model, held) -> tuple[list, list]:
    """The columns and many-to-many fields among `held` (a form's fields): what a save of
    the form writes from what the editor saw. The others (a link check's result, a date
    Django sets on each save) are written as the database holds them, so a change to them
    meanwhile is no conflict."""
    columns = [field for field in model._meta.concrete_fields if field.name in held]
    columns = [field for field in columns if not getattr(field, "auto_now", False)]
    return columns, [field for field in model._meta.many_to_many if field.name in held]


def version(model, pk, held, lock=False) -> str:
    """A digest of what the database holds now of the record's fields named."""
    columns, many = checked_fields(model, held)
    records = model._base_manager.filter(pk=pk)
    if lock and connections[router.db_for_write(model)].in_atomic_block:
        records = records.select_for_update(of=("self",))
    row = records.values_list("pk", *(field.attname for field in columns)).first()
    if row is None:
        return ""
    chosen = [
        sorted(
            field.remote_field.through._base_manager.filter(
                **{field.m2m_field_name(): pk}
            ).values_list(field.m2m_reverse_name(), flat=True)
        )
        for field in many
    ]
    return hashlib.sha256(repr((row, chosen)).encode()).hexdigest()[:20]


def changed_since(model, pk, opened: float) -> tuple[str, str, list[str]]:
    """Who last changed the record after `opened` (a time), when, and which fields, as its
    history tells; empty where the record keeps no history."""
    history = getattr(model, "history", None)
    if history is None or not hasattr(history, "filter"):
        return "", "", []
    since = datetime.datetime.fromtimestamp(opened, tz=datetime.UTC)
    versions = history.filter(id=pk).order_by("-history_date", "-history_id")
    latest = versions.filter(history_date__gt=since).select_related("history_user").first()
    if latest is None:
        return "", "", []
    who = latest.history_user
    name = (who.get_full_name() or who.get_username()) if who else ""
    when = formats.date_format(timezone.localtime(latest.history_date), "DATETIME_FORMAT")
    before = versions.filter(history_date__lte=since).first()
    labels = []
    if before is not None:
        for change in latest.diff_against(before).changes:
            field = model._meta.get_field(change.field)
            labels.append(str(field.verbose_name))
    return name, when, labels


class EditConflictForm(forms.ModelForm):
    """The check, mixed into an admin change form (EditConflictAdmin)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.edit_base = self._version_now()

    def _version_now(self, lock=False) -> str:
        model, held = type(self.instance), set(self.fields)
        return f"{version(model, self.instance.pk, held, lock=lock)}:{time.time():.3f}"

    def clean(self):
        cleaned = super().clean()
        sent = self.data.get(FIELD, "")
        digest, _sep, opened = sent.partition(":")
        if not digest:
            return cleaned
        self.edit_base = self._version_now(lock=True)
        if self.edit_base.partition(":")[0] == digest:
            return cleaned
        try:
            opened_at = float(opened)
        except ValueError:
            opened_at = time.time()
        who, when, fields = changed_since(type(self.instance), self.instance.pk, opened_at)
        raise forms.ValidationError(conflict_message(who, when, fields), code="edit_conflict")


def conflict_message(who: str, when: str, fields: list[str]) -> str:
    if who and when:
        changed = gettext("%(who)s saved this record at %(when)s, after you opened it.") % {
            "who": who,
            "when": when,
        }
    elif when:
        changed = gettext("This record was saved at %(when)s, after you opened it.") % {
            "when": when
        }
    else:
        changed = gettext("Someone saved this record after you opened it.")
    if fields:
        changed += " " + gettext("They changed: %(fields)s.") % {"fields": names(fields)}
    return " ".join(
        [
            changed,
            gettext(
                "Your changes are not saved yet and are still in the form below. Read theirs "
                "in the record's history; saving again replaces them with yours."
            ),
        ]
    )


class EditConflictAdmin:
    """A change form refused when the record changed since it was drawn (see above); the
    version travels in templates/admin/change_form.html."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and obj.pk is not None and "form" not in kwargs:
            # As ModelAdmin.get_form() does with self.form: a declared field shown read-only
            # is left out.
            readonly = self.get_readonly_fields(request, obj)
            kwargs["form"] = type(
                self.form.__name__,
                (EditConflictForm, self.form),
                dict.fromkeys(f for f in readonly if f in self.form.declared_fields),
            )
        return super().get_form(request, obj, change=change, **kwargs)


class StaleRowForm(forms.ModelForm):
    """The rows' check, mixed into an inline's form (StaleRowsInline)."""

    def _seen(self, name):
        """What the editor saw of a field when the page was drawn, or None if the page did
        not say (a form sent without it, as before)."""
        bound, hidden = self[name], self.fields[name].hidden_widget()
        if hidden.value_omitted_from_data(self.data, self.files, bound.html_initial_name):
            return None
        return hidden.value_from_datadict(self.data, self.files, bound.html_initial_name)

    @cached_property
    def changed_data(self):
        # Against what the editor saw where the page says it, else against the record.
        changed = []
        for name, field in self.fields.items():
            bound = self[name]
            seen = self._seen(name) if field.show_hidden_initial else None
            if seen is None:
                if field.has_changed(bound.initial, bound.data):
                    changed.append(name)
                continue
            try:
                seen = field.to_python(seen)
            except forms.ValidationError:
                changed.append(name)
                continue
            if field.has_changed(seen, bound.data):
                changed.append(name)
        return changed

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or not self.changed_data:
            return cleaned
        # The row as the database holds it (read with the page) against what was seen.
        moved = [
            str(field.label or name)
            for name, field in self.fields.items()
            if field.show_hidden_initial
            and (seen := self._seen(name)) is not None
            and field.has_changed(self[name].initial, seen)
        ]
        if moved:
            raise forms.ValidationError(
                gettext(
                    "Someone changed this line after you opened the page (%(fields)s). Your "
                    "change to it is not saved: copy it, open the page again to see theirs, "
                    "then make it again."
                )
                % {"fields": names(moved)},
                code="edit_conflict",
            )
        return cleaned


class StaleRowsInline:
    """An inline whose rows remember what the editor saw (see StaleRowForm)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and not isinstance(db_field, models.FileField):
            field.show_hidden_initial = True
        return field

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("form", type(self.form.__name__, (StaleRowForm, self.form), {}))
        formset = super().get_formset(request, obj, **kwargs)

        class VanishedRows(formset):
            """A line deleted elsewhere after the page was drawn is left as deleted, instead of
            failing with Django's error on the line's hidden key, which nobody sees (the
            line is no longer drawn) and no save could get past. What the editor changed in
            it is lost with it, and they are told."""

            def _vanished(self, form) -> bool:
                return form.instance.pk is None and form in self.initial_forms

            def _should_delete_form(self, form):
                return self._vanished(form) or super()._should_delete_form(form)

            def clean(self):
                super().clean()
                key = self.model._meta.pk.name  # the line's own key, which no longer exists
                if any(
                    self._vanished(form) and set(form.changed_data) - {key} for form in self.forms
                ):
                    messages.warning(
                        request,
                        gettext(
                            "Someone deleted a line of “%(list)s” after you opened the page: "
                            "what you changed in it could not be saved."
                        )
                        % {"list": capfirst(self.model._meta.verbose_name_plural)},
                    )

        return VanishedRows


class UnsavedWorkAdmin:
    """A record's form keeps what the editor typed in the browser until it is saved
    (static/admin/js/drafts.js). And a form sent back for a correction cannot hold the files
    the editor chose (a browser never fills a file field in): the editor is told which ones
    to choose again, rather than saving later without them."""

    def render_change_form(self, request, context, *args, **kwargs):
        context["keeps_drafts"] = True
        if request.method == "POST" and request.FILES:
            chosen = [upload.name for key in request.FILES for upload in request.FILES.getlist(key)]
            message = ngettext(
                "The file you chose was not kept: choose it again before saving (%(names)s).",
                "The %(count)d files you chose were not kept: choose them again before "
                "saving (%(names)s).",
                len(chosen),
            ) % {"count": len(chosen), "names": names(chosen)}
            messages.warning(request, message)
        return super().render_change_form(request, context, *args, **kwargs)


class KeptWhileCitedAdmin:
    """A record that others point to (a source they cite, a commune they are in) is not
    deleted while they do: the deletion would silently strip it from them, published ones
    included, and leave no trace in their history. The confirmation lists them as
    protected records, to be changed first (any other deletion is refused by
    azemmour_portal/cited.py)."""

    cited_limit = 50

    def get_deleted_objects(self, objs, request):
        to_delete, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = list(protected)
        # One query a relation, however many records are being deleted.
        protected += [named(other) for other in citing(self.model, objs, self.cited_limit)]
        return to_delete, counts, perms_needed, protected

    def delete_view(self, request, object_id, extra_context=None):
        extra_context = {**(extra_context or {}), "kept_while_cited": True}
        return super().delete_view(request, object_id, extra_context)


def named(record) -> str:
    """A record as the admin's lists of related records name it, with a link to it."""
    options = record._meta
    label = capfirst(options.verbose_name)
    try:
        url = reverse(f"admin:{options.app_label}_{options.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        return f"{label}: {record}"
    return format_html('{}: <a href="{}">{}</a>', label, url, record)
