"""Forms of the people pages: inviting, accepting an invitation, bulk invitations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pavilion.accounts.models import InvitationRole
from pavilion.accounts.services import BULK_SOURCES

LANGUAGE_CHOICES = [("ko", "한국어"), ("en", "English")]


class InviteForm(forms.Form):
    """An operator invites one person to any role of the organisation."""

    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=InvitationRole.choices)
    company = forms.ModelChoiceField(
        label=_("Company (for a company member)"), queryset=None, required=False
    )
    partner = forms.ModelChoiceField(
        label=_("Buyer or investor (for their contact)"), queryset=None, required=False
    )
    edition = forms.ModelChoiceField(
        label=_("Edition whose call they review (for a reviewer)"), queryset=None, required=False
    )
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        from pavilion.companies.models import Company
        from pavilion.partners.models import Partner
        from pavilion.shows.models import Edition

        self.fields["company"].queryset = Company.objects.filter(
            organisation=organisation
        ).order_by("name_en")
        self.fields["partner"].queryset = Partner.objects.filter(
            organisation=organisation
        ).order_by("name")
        self.fields["edition"].queryset = Edition.objects.filter(
            show__organisation=organisation, cfp__isnull=False
        ).order_by("-start_date")


class ColleagueForm(forms.Form):
    """A company member invites a colleague to their own company."""

    email = forms.EmailField(label=_("Your colleague's e-mail"))
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=LANGUAGE_CHOICES)


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class BulkInviteForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Invite"),
        choices=[
            (BULK_SOURCES[0], _("Companies' contact e-mails (as company members)")),
            (BULK_SOURCES[1], _("Buyers' and investors' contacts (as their contacts)")),
        ],
    )
    edition = forms.ModelChoiceField(
        label=_("Only the participants of"), queryset=None, required=False
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        from pavilion.shows.models import Edition

        self.fields["edition"].queryset = Edition.objects.filter(
            show__organisation=organisation
        ).order_by("-start_date")
