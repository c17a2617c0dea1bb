"""Forms of the fund pages. The services validate again and decide; forms parse and show."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.accounts import permissions
from pavilion.companies.models import Sector
from pavilion.consultations.models import Consultation
from pavilion.core.forms import PlausibleMixin
from pavilion.funds import services
from pavilion.funds.models import Commitment, Fund, Investment

DATE = forms.DateInput(attrs={"type": "date"})


class FundForm(PlausibleMixin, forms.ModelForm):
    sectors = forms.ModelMultipleChoiceField(
        queryset=Sector.objects.order_by("name_en"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("target sectors"),
    )

    class Meta:
        model = Fund
        fields = list(services.FUND_FIELDS)

    def data_for_service(self) -> dict:
        data = {name: self.cleaned_data[name] for name in services.FUND_FIELDS}
        data["sectors"] = [s.slug for s in data["sectors"]]
        return data


class RateFieldMixin:
    """The rate starts empty: a prefilled 1 booked foreign amounts at one won each.
    Left empty, it is 1 for the fund's own currency and refused for any other."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rate = self.fields["rate"]
        rate.required = False
        if not self.instance.pk:
            self.initial["rate"] = None  # not the model's default of 1
        rate.help_text = gettext_lazy(
            "How many units of the fund's currency one unit of this currency was worth "
            "on that day. Leave it empty for the fund's own currency."
        )


class CommitmentForm(RateFieldMixin, PlausibleMixin, forms.ModelForm):
    class Meta:
        model = Commitment
        fields = list(services.COMMITMENT_FIELDS)
        widgets = {"committed_on": DATE}


def _consultation_label(c: Consultation) -> str:
    return f"{c.edition.name} · {c.partner.name} · {c.get_kind_display()}"


class InvestmentForm(RateFieldMixin, PlausibleMixin, forms.ModelForm):
    consultations = forms.ModelMultipleChoiceField(
        queryset=Consultation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Grew out of the consultations"),
        help_text=gettext_lazy("The pavilion consultations this investment came from, if any."),
    )

    class Meta:
        model = Investment
        fields = list(services.INVESTMENT_FIELDS)
        widgets = {
            "invested_on": DATE,
            "closed_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, fund: Fund, user, company=None, reload_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        companies = self.fields["company"]
        companies.queryset = permissions.visible_companies(user).order_by("name_en")
        # Choosing the company reloads the consultations it may cite (htmx).
        companies.widget.attrs.update(
            {
                "hx-get": reload_url,
                "hx-trigger": "change",
                "hx-target": "#field-consultations",
                "hx-select": "#field-consultations",
                "hx-swap": "outerHTML",
            }
        )
        company = company or (self.instance.company if self.instance.company_id else None)
        field = self.fields["consultations"]
        field.queryset = services.citable_consultations(fund, company).order_by(
            "-edition__start_date", "occurred_at"
        )
        field.label_from_instance = _consultation_label
        if company is None:
            field.help_text = _("Choose the company to see its consultations.")
        if self.instance.pk:
            self.initial["consultations"] = list(self.instance.consultations.all())

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.INVESTMENT_FIELDS}


class PlanForm(PlausibleMixin, forms.Form):
    """The yearly deployment plan as lines of ``YEAR AMOUNT`` (what people paste from a sheet)."""

    plan = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        label=gettext_lazy("Deployment plan"),
        help_text=gettext_lazy(
            "One line per year: the year, then the amount in the fund's currency."
        ),
    )

    def clean_plan(self) -> dict[int, Decimal]:
        plan, errors = {}, []
        for number, line in enumerate(self.cleaned_data["plan"].splitlines(), start=1):
            parts = line.replace(",", "").replace("\t", " ").split()
            if not parts:
                continue
            try:
                year, amount = int(parts[0]), Decimal(parts[1])
            except (ValueError, IndexError, InvalidOperation):
                errors.append(_("Line %(n)d: give a year and an amount.") % {"n": number})
                continue
            if year in plan:
                errors.append(
                    _("Line %(n)d: %(year)d is given twice.") % {"n": number, "year": year}
                )
            plan[year] = amount
        if errors:
            raise forms.ValidationError(errors)
        return plan

    @staticmethod
    def text_of(fund: Fund) -> str:
        return "\n".join(f"{p.year} {p.amount:f}" for p in fund.plan.all())
