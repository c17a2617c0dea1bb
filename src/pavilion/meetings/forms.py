"""Forms of the consultation-space pages: a room and its tables, the slots of the days."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pavilion.core.forms import PlausibleMixin


class RoomForm(PlausibleMixin, forms.Form):
    room = forms.CharField(max_length=100, label=_("Room name"))
    tables = forms.IntegerField(label=_("Tables to add"))


class SlotsForm(PlausibleMixin, forms.Form):
    day = forms.TypedMultipleChoiceField(label=_("Days"), choices=(), coerce=str)
    opens = forms.TimeField(label=_("Opens"))
    closes = forms.TimeField(label=_("Closes"))
    minutes = forms.IntegerField(label=_("Minutes per meeting"))
    break_from = forms.TimeField(label=_("Break from"), required=False)
    break_to = forms.TimeField(label=_("Break until"), required=False)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [(d.isoformat(), d.isoformat()) for d in edition.days]

    def clean(self):
        data = super().clean()
        if data.get("opens") and data.get("closes") and data["closes"] <= data["opens"]:
            self.add_error("closes", _("The day must close after it opens."))
        if bool(data.get("break_from")) != bool(data.get("break_to")):
            self.add_error("break_to", _("Give the break's start and end, or neither."))
        elif data.get("break_from") and data["break_to"] <= data["break_from"]:
            self.add_error("break_to", _("The break must end after it starts."))
        return data


def form_problems(form) -> ValidationError:
    """One error naming each field that is wrong, by its label (for a page message)."""
    return ValidationError(
        [
            f"{form.fields[name].label}: {message}" if name in form.fields else message
            for name, messages in form.errors.items()
            for message in messages
        ]
    )
