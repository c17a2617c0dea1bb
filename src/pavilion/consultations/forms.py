from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pavilion.accounts import permissions
from pavilion.consultations import services
from pavilion.consultations.models import Consultation, ConsultationKind, FollowUp, Stage
from pavilion.core.forms import PlausibleMixin
from pavilion.core.money import CURRENCY_CHOICES
from pavilion.partners.models import Contact, Partner


class ConsultationForm(PlausibleMixin, forms.ModelForm):
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

    def __init__(self, *args, edition, companies, partners, reload_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["company"].queryset = companies
        self.fields["partner"].queryset = partners
        # Only the chosen partner's contacts: listing every buyer's people to an
        # exhibitor would show it the organisation's whole address book.
        chosen = self.data.get(self.add_prefix("partner")) or self.initial.get("partner")
        if chosen is None and self.instance.partner_id:
            chosen = self.instance.partner_id
        chosen = getattr(chosen, "pk", chosen)
        contacts = self.fields["contact"]
        if chosen and str(chosen).isdigit() and partners.filter(pk=chosen).exists():
            contacts.queryset = Contact.objects.filter(partner_id=chosen)
        else:
            contacts.queryset = Contact.objects.none()
            contacts.help_text = _("Choose the buyer or investor to see its contacts.")
        if reload_url:
            # Choosing the partner reloads its contacts (htmx).
            self.fields["partner"].widget.attrs.update(
                {
                    "hx-get": reload_url,
                    "hx-trigger": "change",
                    "hx-target": "#field-contact",
                    "hx-select": "#field-contact",
                    "hx-swap": "outerHTML",
                }
            )
        self.fields["amount"].widget.attrs.update({"inputmode": "decimal", "min": "0"})
        # "1e20" fails the field's digit count before the service's own check
        # can say why: the same words either way.
        for code in ("max_digits", "max_whole_digits"):
            self.fields["amount"].error_messages[code] = services.amount_too_large()
        if companies.count() == 1:
            self.fields["company"].initial = companies.first()
            self.fields["company"].widget = forms.HiddenInput()
        if not self.instance.pk:
            self.fields["currency"].initial = services.default_currency(edition)
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


class FollowUpForm(PlausibleMixin, forms.ModelForm):
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


# --- a consultation recorded from something else (a booth lead, a pitch) ------
# One form for both: consultations/_from_fields.html renders it, read_consultation_from
# reads it and services.check_consultation_from checks it.

CONSULTATION_FROM_FIELDS = ("partner", "kind", "amount", "currency")


def read_consultation_from(request):
    """What a "consultation from ..." form sent (text, as typed) and the buyer or
    investor it names: None when none was chosen or the user may not see it."""
    sent = {name: request.POST.get(name, "").strip() for name in CONSULTATION_FROM_FIELDS}
    sent["amount"] = sent["amount"][:40]
    partner = None
    if sent["partner"].isdigit():
        partner = permissions.visible_partners(request.user).filter(pk=sent["partner"]).first()
    return sent, partner


def consultation_from_fields(
    *, partners, default_kind, default_currency, chosen_partner="", sent=None, errors=None
):
    """The values of a "consultation from ..." form's fields: what was sent, else
    the defaults. The buyer or investor starts empty unless ``chosen_partner``
    is known for certain (never a guess: one click must not record the first one)."""
    sent = sent or {}
    return {
        "partners": partners,
        "chosen_partner": sent.get("partner", chosen_partner),
        "kinds": ConsultationKind.choices,
        "chosen_kind": sent.get("kind", default_kind),
        "currencies": CURRENCY_CHOICES,
        "chosen_currency": sent.get("currency", default_currency),
        "amount": sent.get("amount", ""),
        "errors": errors or {},
    }
