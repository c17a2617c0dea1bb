from django import forms
from django.utils.translation import gettext_lazy as _

from pavilion.planning.models import Application, CallForParticipation, Criterion
from pavilion.planning.services import APPLICATION_FIELDS


class CallForm(forms.ModelForm):
    class Meta:
        model = CallForParticipation
        fields = (
            "title",
            "pavilion",
            "introduction",
            "opens_at",
            "deadline",
            "review_deadline",
            "capacity",
        )
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "review_deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pavilion"].queryset = edition.pavilions.all()


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ("name_en", "name_ko", "weight", "max_score")


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = APPLICATION_FIELDS
        widgets = {"pitch": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A draft may leave the product empty; submission checks it in the service.
        self.fields["product"].required = False
        self.fields["product"].help_text = _("Required to submit")
