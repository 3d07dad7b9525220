"""Amounts of dirhams typed in a form the way volunteers write them in the import:
«1.200.000», «1 200 000 درهم», «٢٥٠٠٠٠» or «1250000,50» (the rule is in
initiatives/importing/values.py). A number input would refuse the first two in the
browser, with no message in the admin's language. Percentages likewise («45%», «٤٥٪»)
and counts of people («37 140», «37.140»)."""

from django import forms
from django.db import models
from django.utils.text import capfirst


class TypedInput(forms.TextInput):
    """Text, so a figure can be typed as it is written; a keypad on a phone (`keypad`)."""

    keypad = "decimal"

    def __init__(self, attrs=None):
        typing = {"inputmode": self.keypad, "autocomplete": "off", "dir": "ltr"}
        super().__init__(typing | (attrs or {}))


class AmountInput(TypedInput):
    """A keypad with the separators of a grouped amount."""


class PercentageInput(TypedInput):
    """A keypad with digits."""

    keypad = "numeric"


class ReadAsTyped:
    """A form field whose text is read by one of initiatives/importing/values.py's readers
    (`read`), which refuses what it cannot read with a sentence saying how to write it."""

    reader = ""

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        # Imported here: the importing package reads the models, which use this module.
        from .importing import values

        try:
            return self.read(getattr(values, self.reader)(str(value)))
        except ValueError as error:
            raise forms.ValidationError(self.refusal(error), code="invalid") from None

    def read(self, value):
        return value

    def refusal(self, error: ValueError) -> str:
        return capfirst(str(error))

    def widget_attrs(self, widget):
        # A text input: the bounds are the field's validators', not a number input's.
        attrs = super().widget_attrs(widget)
        return {k: v for k, v in attrs.items() if k not in ("min", "max", "step")}


class AmountField(ReadAsTyped, forms.DecimalField):
    widget = AmountInput
    reader = "amount"


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


class PercentageField(ReadAsTyped, forms.IntegerField):
    """A whole percentage, typed «45», «45%», «45 %» or «٤٥٪»."""

    widget = PercentageInput
    reader = "percentage"


class CountField(ReadAsTyped, forms.IntegerField):
    """A whole number of people or households, grouped as an amount is («37 140»,
    «37.140», «٣٧٬١٤٠»)."""

    widget = AmountInput
    reader = "amount"

    def read(self, value):
        if value != value.to_integral_value():
            raise ValueError
        return int(value)

    def refusal(self, error):
        # The amount reader's sentence speaks of dirhams.
        return self.error_messages["invalid"]


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
