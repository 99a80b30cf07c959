"""The report's period and area: dates in the desk's time zone, areas the user may see."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Area
from reports.figures import Period, desk_day_today
from tickets.access import visible_areas_q

MAX_DAYS = 3 * 366


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, data, *, user):
        today = desk_day_today()
        data = data.copy()
        data.setdefault("start", (today - timedelta(days=29)).isoformat())
        data.setdefault("end", today.isoformat())
        super().__init__(data)
        self.fields["area"].queryset = Area.objects.filter(visible_areas_q(user, "pk"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end must not be before the start."))
            elif (end - start).days >= MAX_DAYS:
                self.add_error("end", _("Choose a period of at most three years."))
        return cleaned

    def period(self) -> Period:
        area = self.cleaned_data.get("area")
        return Period(self.cleaned_data["start"], self.cleaned_data["end"], area and area.pk)
