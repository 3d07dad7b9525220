"""Amounts of dirhams typed in a form the way volunteers write them in the import:
«1.200.000», «1 200 000 درهم», «٢٥٠٠٠٠» or «1250000,50» (the rule is in
initiatives/importing/values.py). A number input would refuse the first two in the
browser, with no message in the admin's language. Percentages likewise («45%», «٤٥٪»)
and counts of people («37 140», «37.140»)."""

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


class PercentageInput(forms.TextInput):
    """Text, so «45%» can be typed; a keypad with digits on a phone."""

    def __init__(self, attrs=None):
        typing = {"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}
        super().__init__(typing | (attrs or {}))


class PercentageField(forms.IntegerField):
    """A whole percentage, typed «45», «45%», «45 %» or «٤٥٪»."""

    widget = PercentageInput

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        from .importing.values import percentage

        try:
            return percentage(str(value))
        except ValueError as error:
            raise forms.ValidationError(capfirst(str(error)), code="invalid") from None

    def widget_attrs(self, widget):
        # The bounds are the field's validators' (0 to 100), not a number input's.
        attrs = super().widget_attrs(widget)
        return {k: v for k, v in attrs.items() if k not in ("min", "max", "step")}


class CountField(forms.IntegerField):
    """A whole number of people or households, grouped as an amount is («37 140»,
    «37.140», «٣٧٬١٤٠»)."""

    widget = AmountInput

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        from .importing.values import amount

        try:
            number = amount(str(value))
        except ValueError:
            number = None
        if number is None or number != number.to_integral_value():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        return {k: v for k, v in attrs.items() if k not in ("min", "max", "step")}


class PercentageModelField(models.PositiveSmallIntegerField):
    """A whole percentage from 0 to 100, typed as above in any model form."""

    def deconstruct(self):
        # For migrations it is the small integer column it stores: only its form field differs.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.PositiveSmallIntegerField", args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": PercentageField} | text_input(kwargs, PercentageField)
        )


class CountModelField(models.PositiveIntegerField):
    """A whole number of people or households, typed as above in any model form."""

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.PositiveIntegerField", args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CountField} | text_input(kwargs, CountField))


def text_input(kwargs: dict, form_class) -> dict:
    """The form field's arguments without the number input the admin gives every integer
    (its own widget is then the field's text input, with the admin's width)."""
    widget = kwargs.get("widget")
    number = isinstance(widget, forms.NumberInput) or (
        isinstance(widget, type) and issubclass(widget, forms.NumberInput)
    )
    if not number:
        return kwargs
    return kwargs | {"widget": form_class.widget(attrs={"class": "vIntegerField"})}
