from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pavilion.consultations.models import Consultation, FollowUp, Stage
from pavilion.partners.models import Contact, Partner


class ConsultationForm(forms.ModelForm):
    """The quick log form: works one-handed on a phone at the booth."""

    occurred_at = forms.DateTimeField(
        label=_("Date and time (show time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    class Meta:
        model = Consultation
        fields = [
            "company",
            "partner",
            "contact",
            "kind",
            "occurred_at",
            "amount",
            "currency",
            "stage",
            "source",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, edition, companies, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["company"].queryset = companies
        self.fields["partner"].queryset = partners
        self.fields["contact"].queryset = Contact.objects.filter(partner__in=partners)
        self.fields["amount"].widget.attrs.update({"inputmode": "decimal", "min": "0"})
        if companies.count() == 1:
            self.fields["company"].initial = companies.first()
            self.fields["company"].widget = forms.HiddenInput()
        if not self.instance.pk:
            self.fields["currency"].initial = "USD"
            now = timezone.localtime(timezone.now(), edition.tzinfo)
            if now.date() not in edition.days:
                # Logging after the show: start from its first morning, not from today.
                now = now.replace(
                    year=edition.start_date.year,
                    month=edition.start_date.month,
                    day=edition.start_date.day,
                    hour=10,
                    minute=0,
                )
            self.fields["occurred_at"].initial = now.replace(tzinfo=None, second=0, microsecond=0)
        else:
            # Shown as the show's wall-clock time, whatever time zone is active:
            # a naive value is rendered as is, and read back in clean_occurred_at.
            local = timezone.localtime(self.instance.occurred_at, edition.tzinfo)
            self.initial["occurred_at"] = local.replace(tzinfo=None)
            if local.second:  # keep an imported time's seconds
                widget = self.fields["occurred_at"].widget
                widget.format = "%Y-%m-%dT%H:%M:%S"
                widget.attrs["step"] = "1"
        # Times are typed in the show's own time zone.
        self.fields["occurred_at"].help_text = edition.time_zone

    def clean_occurred_at(self):
        # The field made the typed wall-clock time aware in the active time
        # zone; keep the wall-clock time and put it in the show's.
        value = self.cleaned_data["occurred_at"]
        naive = timezone.make_naive(value) if timezone.is_aware(value) else value
        return timezone.make_aware(naive, self.edition.tzinfo)


class FollowUpForm(forms.ModelForm):
    stage = forms.ChoiceField(
        label=_("Stage after this step"),
        choices=[("", _("unchanged")), *Stage.choices],
        required=False,
    )

    class Meta:
        model = FollowUp
        fields = ["date", "kind", "outcome", "stage", "amount", "next_step"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"amount": _("Updated amount (same currency)")}


def partner_choices(organisation_id):
    return Partner.objects.filter(organisation_id=organisation_id).order_by("name")
