"""What the public lists' filters share."""

import django_filters
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


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet with its form class made once per FilterSet class, where
    django-filter makes a class, and each filter's form field, at every request. The fields
    depend on the class alone (labels and choices are translated when drawn), and each form
    copies them, as any Django form copies its class's fields."""

    def get_form_class(self):
        cls = type(self)
        if "_form_class" not in cls.__dict__:  # made for this class, not a parent's
            cls._form_class = super().get_form_class()
        return cls._form_class
