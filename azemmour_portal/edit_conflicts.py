"""Two volunteers editing the same record: the second to save is told, instead of silently
undoing the first one's work.

A change form carries the version of the record it was drawn from (a digest of the
record's fields and its many-to-many choices, and the time it was drawn). When it comes
back, the record is read again, locked until the save ends; if it changed in between, the
form is refused with a message saying who changed what and when (from the record's
history, where it has one), and is drawn again with what the editor typed and the new
version: saving again then knowingly replaces the other change.

A form sent without a version (a script, an older page) is saved as before.
"""

import datetime
import hashlib
import time

from django import forms
from django.db import connections, router
from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext

FIELD = "_edit_base"


def checked_fields(model) -> list:
    """What an editor changes: every column but those Django fills in on each save."""
    return [
        field
        for field in model._meta.concrete_fields
        if not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
    ]


def version(model, pk, lock=False) -> str:
    """A digest of the record as the database holds it now."""
    records = model._base_manager.filter(pk=pk)
    if lock and connections[router.db_for_write(model)].in_atomic_block:
        records = records.select_for_update(of=("self",))
    row = records.values_list(*(field.attname for field in checked_fields(model))).first()
    if row is None:
        return ""
    chosen = [
        sorted(
            field.remote_field.through._base_manager.filter(
                **{field.m2m_field_name(): pk}
            ).values_list(field.m2m_reverse_name(), flat=True)
        )
        for field in model._meta.many_to_many
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
        return f"{version(type(self.instance), self.instance.pk, lock=lock)}:{time.time():.3f}"

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
        separator = pgettext("list separator", ", ")
        changed += " " + gettext("They changed: %(fields)s.") % {"fields": separator.join(fields)}
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
