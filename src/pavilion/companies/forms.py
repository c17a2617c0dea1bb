from django import forms
from django.utils.translation import gettext_lazy as _

from pavilion.companies.models import Company, Sector
from pavilion.companies.services import EXHIBITOR_FIELDS, OPERATOR_FIELDS
from pavilion.core.forms import PlausibleMixin


class CompanyProfileForm(PlausibleMixin, forms.ModelForm):
    sectors = forms.ModelMultipleChoiceField(
        Sector.objects.order_by("name_en"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Sectors"),
    )

    class Meta:
        model = Company
        fields = OPERATOR_FIELDS
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_ko": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, operator: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not operator:
            for name in set(self.fields) - set(EXHIBITOR_FIELDS):
                del self.fields[name]

    def profile_data(self) -> dict:
        """The cleaned fields as the service expects them (sectors by slug)."""
        data = dict(self.cleaned_data)
        data["sectors"] = [s.slug for s in data.get("sectors", [])]
        return data
