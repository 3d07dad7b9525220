"""What the public lists' filters share."""

from django import forms
from django.utils.translation import gettext_lazy as _


class OneValueForm(forms.Form):
    """A filter given twice with different values (?commune=a&commune=b, from an edited
    address) is left out with a message, where the form would keep the last one silently."""

    def clean(self):
        getlist = getattr(self.data, "getlist", None)
        if getlist:
            for name in self.fields:
                if name in self.cleaned_data and len(set(getlist(self.add_prefix(name)))) > 1:
                    self.add_error(name, _("Given twice, with different values: choose one."))
        return super().clean()
