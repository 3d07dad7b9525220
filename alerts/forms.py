"""The follow form: an address, a frequency, and what to follow (nothing: the district)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communes.models import Commune
from initiatives.models import Initiative

from .models import Subscription

# The honeypot's name: a word that form-filling robots fill in and people leave empty.
HONEYPOT = "website"


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscription.Frequency,
        initial=Subscription.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )
    commune = forms.SlugField(required=False, widget=forms.HiddenInput)
    initiative = forms.SlugField(required=False, widget=forms.HiddenInput)

    def clean_email(self):
        # One address, one subscriber: the case of an address does not make another.
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        commune, initiative = data.get("commune"), data.get("initiative")
        data["commune"] = data["initiative"] = None
        if commune and initiative:
            raise forms.ValidationError(_("Follow a commune or an initiative, not both at once."))
        if commune:
            data["commune"] = Commune.objects.filter(slug=commune).first()
            if data["commune"] is None:
                raise forms.ValidationError(_("This commune was not found."))
        if initiative:
            data["initiative"] = Initiative.objects.published().filter(slug=initiative).first()
            if data["initiative"] is None:
                raise forms.ValidationError(_("This initiative was not found."))
        return data
