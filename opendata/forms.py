"""The change log's choice of period."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from azemmour_portal.dates import EARLIEST

PERIODS = {"week": 7, "month": 30, "year": 365}
PERIOD_CHOICES = [
    ("week", _("the last 7 days")),
    ("month", _("the last 30 days")),
    ("year", _("the last 12 months")),
]
LATEST = datetime.date(2100, 12, 31)


class PeriodForm(forms.Form):
    """A named period (the last 7, 30 or 365 days), or dates from and to (both included).

    The fields are named "from" and "to" in the address, words Python keeps for itself,
    hence their addition in __init__.
    """

    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = forms.DateField(
            label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
        )
        self.fields["to"] = forms.DateField(
            label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        for name, day in (("from", start), ("to", end)):
            if day and not EARLIEST <= day <= LATEST:
                self.add_error(name, _("Give a date between 1956 and 2100."))
        if start and end and start > end:
            self.add_error("to", _("The end of the period is before its start."))
        return data

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime | None, str]:
        """[start, end) of the chosen period and its key; the last 30 days when unclear."""
        data = self.cleaned_data if self.is_valid() else {}
        start, end = data.get("from"), data.get("to")
        if start or end:
            start = start or EARLIEST
            return (
                _midnight(start),
                _midnight(end + datetime.timedelta(days=1)) if end else None,
                "dates",
            )
        period = data.get("period") or "month"
        return timezone.now() - datetime.timedelta(days=PERIODS[period]), None, period


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
