from django import forms

from pavilion.core.forms import PlausibleMixin
from pavilion.reports.models import EditionPlan
from pavilion.reports.targets import PLAN_FIELDS


class EditionPlanForm(PlausibleMixin, forms.ModelForm):
    """Targets and budget lines; every field optional (an empty target is not reported)."""

    class Meta:
        model = EditionPlan
        fields = PLAN_FIELDS
        widgets = {name: forms.NumberInput(attrs={"inputmode": "decimal"}) for name in PLAN_FIELDS}
