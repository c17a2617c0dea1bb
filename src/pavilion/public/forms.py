from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from pavilion.accounts.forms import LANGUAGE_CHOICES
from pavilion.companies.models import Sector
from pavilion.partners.models import PartnerKind
from pavilion.planning.forms import ApplicationForm
from pavilion.planning.services import APPLICATION_FIELDS
from pavilion.shows.models import Edition


class PartnerRegistrationForm(forms.Form):
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)
    country = CountryField(blank=False).formfield(label=_("Country"))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    interests = forms.CharField(
        label=_("What you are looking for"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Products, markets, deals"),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors of interest"),
        queryset=Sector.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(label=_("Language for e-mails"), choices=LANGUAGE_CHOICES)


class CompanySignUpForm(ApplicationForm):
    """The public call's form: who applies, for which company, and the application."""

    applicant_name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    name_ko = forms.CharField(label=_("Company name (Korean)"), max_length=200)
    name_en = forms.CharField(label=_("Company name (English)"), max_length=200)
    business_registration_number = forms.CharField(
        label=_("Business registration number"),
        max_length=20,
        help_text=_("10 digits, e.g. 123-45-67890"),
    )

    field_order = [
        "applicant_name",
        "email",
        "password",
        "language",
        "name_ko",
        "name_en",
        "business_registration_number",
        *APPLICATION_FIELDS,
    ]


class PublicityForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = [
            "public_page",
            "public_companies",
            "public_awards",
            "stage_agenda_public",
            "public_call",
            "partner_registration_open",
        ]
