"""Amounts of dirhams typed in a form the way volunteers write them in the import:
«1.200.000», «1 200 000 درهم», «٢٥٠٠٠٠» or «1250000,50» (the rule is in
initiatives/importing/values.py). A number input would refuse the first two in the
browser, with no message in the admin's language."""

from django import forms
from django.db import models
from django.utils.text import capfirst


class AmountInput(forms.TextInput):
    """Text, so a grouped amount can be typed; a keypad with the separators on a phone."""

    def __init__(self, attrs=None):
        typing = {"inputmode": "decimal", "autocomplete": "off", "dir": "ltr"}
        super().__init__(typing | (attrs or {}))


class AmountField(forms.DecimalField):
    widget = AmountInput

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        # Imported here: the importing package reads the models, which use this module.
        from .importing.values import amount

        try:
            return amount(str(value))
        except ValueError as error:
            raise forms.ValidationError(capfirst(str(error)), code="invalid") from None


class MoneyField(models.DecimalField):
    """A non-negative amount of dirhams with centimes, typed as above in any model form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # For migrations it is the decimal column it stores: only its form field differs.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs

    def formfield(self, **kwargs):
        # The admin gives every decimal a field that reads Arabic digits
        # (azemmour_portal/admin.py); an amount's field reads them too, and its separators.
        if not issubclass(kwargs.get("form_class") or AmountField, AmountField):
            del kwargs["form_class"]
        return super().formfield(**{"form_class": AmountField} | kwargs)
