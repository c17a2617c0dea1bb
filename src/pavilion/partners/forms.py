from django import forms
from django.utils.translation import gettext_lazy as _

from pavilion.companies.models import Sector
from pavilion.core.forms import PlausibleMixin
from pavilion.partners.models import Partner
from pavilion.partners.services import PARTNER_FIELDS


class PartnerProfileForm(PlausibleMixin, forms.ModelForm):
    sectors = forms.ModelMultipleChoiceField(
        Sector.objects.order_by("name_en"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Sectors of interest"),
    )

    class Meta:
        model = Partner
        fields = [*PARTNER_FIELDS, "internal_notes"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "interests": forms.Textarea(attrs={"rows": 3}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, operator: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not operator:
            # The agency's notes and the natural key (name + country) are the operator's.
            for name in ("internal_notes", "name", "country"):
                del self.fields[name]

    def profile_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["sectors"] = [s.slug for s in data.get("sectors", [])]
        return data
