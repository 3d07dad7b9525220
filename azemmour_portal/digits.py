"""Digits as Moroccans may type them, read as the Western digits the portal writes.

A phone or a computer set to Arabic may type Arabic-Indic digits (٠–٩, or the Eastern
۰–۹), the Arabic decimal separator «٫» and thousands separator «٬». Django reads such
digits in a whole number but refuses them in a date («٢٠٢٤-٠٣-١٥») or a decimal
(«٣٣٫٢٨»). The form fields here read them first as Western text; the admin uses them
for every date and decimal (azemmour_portal/admin.py), the citizens' forms for theirs.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

# Arabic-Indic (٠–٩) and Eastern Arabic-Indic (۰–۹) digits, the Arabic decimal and
# thousands separators and the Arabic percent sign, as Western text.
DIGITS = str.maketrans(
    {
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
        "\u066b": ".",
        "\u066c": " ",
        "\u066a": "%",
    }
)
# Spaces that group the digits of an amount: «1 200 000», with a no-break space too.
GROUPING = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")


def western(value):
    """The text with its digits and separators made Western; anything else unchanged."""
    return value.translate(DIGITS) if isinstance(value, str) else value


class DateField(forms.DateField):
    # Django's says only «Enter a valid date.»: which way of writing one is read?
    default_error_messages = {
        "invalid": _("Enter a date that exists, written 2024-03-15 or 15/03/2024."),
    }

    def to_python(self, value):
        return super().to_python(western(value))

    def bound_data(self, data, initial):
        """A form shown again after an error shows a date it read as the date, in the
        widget's format: a date input keeps no other text («01/03/2024» typed where no date
        picker is offered would be dropped, and typed again)."""
        data = super().bound_data(data, initial)
        try:
            return self.to_python(data) or data
        except forms.ValidationError:
            return data


class DecimalField(forms.DecimalField):
    def to_python(self, value):
        if isinstance(value, str):
            value = GROUPING.sub("", western(value))
        return super().to_python(value)


class SplitDateTimeField(forms.SplitDateTimeField):
    def clean(self, value):
        if isinstance(value, list | tuple):
            value = [western(part) for part in value]
        return super().clean(value)
