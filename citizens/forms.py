"""The public forms. They work without JavaScript; Django renders each field with its
label, help and errors, the errors linked to their field by aria-describedby."""

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from azemmour_portal import digits
from azemmour_portal.dates import EARLIEST
from communes.models import Commune
from initiatives.importing.values import INVISIBLE
from initiatives.models import Sector
from initiatives.uploads import ImageUploadField

from .models import FieldReport, Suggestion

MAX_PHOTOS = 3
HONEYPOT = "website"
TOKEN = "token"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(ImageUploadField):
    """Up to MAX_PHOTOS photos, each checked exactly as a staff upload is."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = (
            [upload for upload in (data or []) if upload]
            if isinstance(data, list | tuple)
            else ([data] if data else [])
        )
        if len(uploads) > MAX_PHOTOS:
            raise ValidationError(
                _("At most %(limit)s photos, please."),
                code="too_many_photos",
                params={"limit": MAX_PHOTOS},
            )
        cleaned, errors = [], []
        for upload in uploads:
            try:
                cleaned.append(super().clean(upload, initial))
            except ValidationError as error:
                # Which of the photos: a phone names them IMG_2041.jpg and the like.
                name = Truncator(getattr(upload, "name", "") or "").chars(60)
                errors.extend(
                    ValidationError(
                        _("«%(file)s»: %(reason)s"),
                        code=problem.code,
                        params={"file": name, "reason": " ".join(problem.messages)},
                    )
                    for problem in error.error_list
                )
        if errors:
            raise ValidationError(errors)
        return cleaned


def nothing_written(text: str) -> bool:
    """Spaces and invisible direction marks alone, as a phone's keyboard may leave."""
    return not INVISIBLE.sub("", text).strip()


# The shortest number worth calling back: a Moroccan number has ten digits.
MIN_PHONE_DIGITS = 6


class MultilineField(forms.CharField):
    """Text typed in a <textarea>, its length counted as the browser counts it: a browser
    counts a line break as one character against `maxlength` but sends it as two (CRLF),
    so a text the browser let through would be refused as too long. Stored with LF alone."""

    def to_python(self, value):
        value = super().to_python(value)
        if value and nothing_written(value):
            return ""
        return value.replace("\r\n", "\n") if value else value


# A label's closing aside, such as "(optional)".
ASIDE = re.compile(r"\s*\([^()]*\)\s*$")


class CitizenForm(forms.ModelForm):
    """The contact and the honeypot every citizen form carries."""

    # Filled in only by programs that fill in every field; hidden from people by CSS.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)
    # One per form page: the same form sent twice is recorded once (citizens/views.py).
    token = forms.CharField(required=False, max_length=36, widget=forms.HiddenInput)

    contact_fields = ("contact_name", "contact_phone", "contact_email")
    # Valid, but refused: the hour's limit of submissions is reached, from this browser or
    # from this address (citizens/views.py), or None.
    over_limit = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # «ماذا رأيت؟», not «ماذا رأيت؟:»; «أين؟ (اختياري)», not «أين؟ (اختياري):»
            if ASIDE.sub("", str(field.label or "")).endswith(("?", "؟")):
                field.label_suffix = ""
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial[TOKEN] = str(uuid.uuid4())
        for name in self.contact_fields:
            self.fields[name].required = False
        self.fields["contact_name"].widget.attrs.update({"autocomplete": "name", "dir": "auto"})
        self.fields["contact_phone"].widget = forms.TextInput(
            attrs={
                "type": "tel",
                "autocomplete": "tel",
                "dir": "ltr",
                "inputmode": "tel",
                "maxlength": 30,
            }
        )
        self.fields["contact_email"].widget.attrs.update({"autocomplete": "email", "dir": "ltr"})

    @property
    def is_trap_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def main_fields(self):
        hidden = (*self.contact_fields, HONEYPOT, TOKEN)
        return [self[name] for name in self.fields if name not in hidden]

    def contact(self):
        return [self[name] for name in self.contact_fields]

    def clean_token(self) -> uuid.UUID | None:
        """The form page's token; one altered by hand counts as none, not as an error the
        visitor cannot see or correct."""
        try:
            return uuid.UUID(self.cleaned_data["token"])
        except ValueError:
            return None

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        digits = sum(c.isdigit() for c in phone)
        if phone and (
            digits < MIN_PHONE_DIGITS or not all(c.isdigit() or c in "+ -.()" for c in phone)
        ):
            raise ValidationError(_("A phone number has digits only, such as 0612345678."))
        return phone


class FieldReportForm(CitizenForm):
    photos = MultipleImageField(
        label=_("Photos (optional)"),
        required=False,
        help_text=_("Up to three photos, JPEG, PNG or WebP."),
    )

    class Meta:
        model = FieldReport
        fields = ["kind", "text", "seen_on", "contact_name", "contact_phone", "contact_email"]
        field_classes = {"text": MultilineField, "seen_on": digits.DateField}
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
            "seen_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {
            "kind": _("What did you see?"),
            "text": _("Describe what you saw"),
            "seen_on": _("When did you see it? (optional)"),
        }
        help_texts = {
            "text": _("At most 5000 characters. Do not write anyone's name or address."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = FieldReport.Kind.choices
        # The browser counts the photos before sending them (static/js/upload_check.js).
        self.fields["photos"].widget.attrs.update(
            {
                "multiple": True,
                "data-max-files": MAX_PHOTOS,
                "data-too-many": gettext("At most %(limit)s photos, please.")
                % {"limit": MAX_PHOTOS},
            }
        )
        # The photos come before the contact.
        self.order_fields(["kind", "text", "seen_on", "photos"])
        # The date picker offers only the dates the form accepts.
        self.fields["seen_on"].widget.attrs.update(
            {"min": EARLIEST.isoformat(), "max": timezone.localdate().isoformat()}
        )

    def clean_seen_on(self):
        seen_on = self.cleaned_data["seen_on"]
        if seen_on and seen_on > timezone.localdate():
            raise ValidationError(_("This date is in the future."))
        if seen_on and seen_on < EARLIEST:
            raise ValidationError(_("This date is too long ago."))
        return seen_on


class SuggestionForm(CitizenForm):
    class Meta:
        model = Suggestion
        fields = [
            "commune",
            "sector",
            "title",
            "description",
            "location",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        field_classes = {"description": MultilineField}
        widgets = {
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "description": forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
            "location": forms.TextInput(attrs={"dir": "auto"}),
        }
        labels = {
            "title": _("Your idea, in a few words"),
            "description": _("What should be built or done, and why"),
            "location": _("Where? (optional)"),
        }
        help_texts = {
            "description": _("At most 5000 characters."),
            "location": _("A neighbourhood, a douar, a road: in words."),
        }

    def clean_title(self):
        title = self.cleaned_data["title"]
        if nothing_written(title):
            raise ValidationError(self.fields["title"].error_messages["required"], "required")
        return title

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.all()
        self.fields["sector"].queryset = Sector.objects.filter(is_demo=False)
        # The first line of a list says what to do (Django's is "---------").
        self.fields["commune"].empty_label = _("Choose a commune")
        self.fields["sector"].empty_label = _("Choose a sector")
