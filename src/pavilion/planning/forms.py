from datetime import datetime

from django import forms
from django.core.validators import DecimalValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pavilion.core import datetimes
from pavilion.core.forms import PlausibleMixin
from pavilion.planning import floorplan, services
from pavilion.planning.models import Application, CallForParticipation, Criterion
from pavilion.planning.services import APPLICATION_FIELDS


class CallForm(PlausibleMixin, forms.ModelForm):
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

    SHOW_TIMES = ("opens_at", "deadline", "review_deadline")

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["pavilion"].queryset = edition.pavilions.all()
        # Typed and shown as the show's wall-clock time, whatever time zone is active.
        for name in self.SHOW_TIMES:
            value = self.initial.get(name)
            if isinstance(value, datetime) and timezone.is_aware(value):
                self.initial[name] = datetimes.local(value, edition).replace(tzinfo=None)
            self.fields[name].help_text = edition.time_zone

    def _show_time(self, name):
        value = self.cleaned_data.get(name)
        if value is None:
            return value
        naive = timezone.make_naive(value) if timezone.is_aware(value) else value
        return timezone.make_aware(naive, self.edition.tzinfo)

    def clean_opens_at(self):
        return self._show_time("opens_at")

    def clean_deadline(self):
        return self._show_time("deadline")

    def clean_review_deadline(self):
        return self._show_time("review_deadline")

    def clean(self):
        """The service's date rules, each on its field. A field with an error is left
        out of the model's constraint check, so "deadline after opening" is said here
        and not as the database constraint's name."""
        data = super().clean()
        if data.get("opens_at") and data.get("deadline"):
            errors = services.call_date_errors(
                self.edition,
                opens_at=data["opens_at"],
                deadline=data["deadline"],
                review_deadline=data.get("review_deadline"),
            )
            for field, messages in errors.items():
                for message in messages:
                    self.add_error(field, message)
        return data


class CriterionForm(PlausibleMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ("name_en", "name_ko", "weight", "max_score")


class ApplicationForm(PlausibleMixin, forms.ModelForm):
    """A draft may be incomplete; with ``submit`` the form reports everything a
    submission lacks at once (the rules are the service's)."""

    class Meta:
        model = Application
        fields = APPLICATION_FIELDS
        widgets = {"pitch": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, submit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submit = submit
        for name in ("product", "target_markets", "booth_area_m2"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Required to submit")
        area = self.fields["booth_area_m2"]
        # Our own limit replaces the "no more than 6 digits in total" of the column.
        area.validators = [v for v in area.validators if not isinstance(v, DecimalValidator)] + [
            DecimalValidator(None, 2)
        ]
        area.widget.attrs.update({"min": "1", "max": str(services.MAX_BOOTH_AREA_M2)})

    def clean_booth_area_m2(self):
        value = self.cleaned_data.get("booth_area_m2")
        if errors := services.booth_area_errors(value):
            raise forms.ValidationError(errors)
        return value

    def clean(self):
        data = super().clean()
        if self.submit:
            for name, messages in services.submission_errors(data).items():
                if name not in self.errors:
                    self.add_error(name, messages)
        return data


class MetresField(forms.DecimalField):
    """Metres, with a decimal point or a decimal comma."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def __init__(self, **kwargs):
        super().__init__(max_digits=7, decimal_places=2, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class BoothPlacementForm(PlausibleMixin, forms.Form):
    """Move or resize a booth (operators). Errors show under the field, by its label."""

    booth = forms.ModelChoiceField(queryset=None, label=_("Booth"), empty_label=None)
    x_m = MetresField(label=_("x (m)"))
    y_m = MetresField(label=_("y (m)"))
    width_m = MetresField(label=_("width (m)"))
    depth_m = MetresField(label=_("depth (m)"))
    shared = forms.BooleanField(label=_("may be shared"), required=False)

    def __init__(self, *args, booths, booth=None, **kwargs):
        if booth is not None:
            # The booth's own position, 0 included, so the form starts from where it is.
            kwargs.setdefault(
                "initial",
                {
                    "booth": booth.pk,
                    "x_m": booth.x_m,
                    "y_m": booth.y_m,
                    "width_m": booth.width_m,
                    "depth_m": booth.depth_m,
                    "shared": booth.shared,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["booth"].queryset = booths
        self.fields["booth"].label_from_instance = lambda b: (
            f"{b.number} · {b.width_m:g}×{b.depth_m:g} m"
        )

    def clean(self):
        data = super().clean()
        for field, messages in floorplan.size_errors(
            width_m=data.get("width_m"), depth_m=data.get("depth_m")
        ).items():
            self.add_error(field, messages)
        return data
