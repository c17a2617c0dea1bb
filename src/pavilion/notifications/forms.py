from django import forms
from django.utils.translation import gettext_lazy as _

from pavilion.notifications.kinds import KINDS
from pavilion.notifications.models import OutboxState


class OutboxFilter(forms.Form):
    """The outbox page's filters; an unknown value is an error named by its field."""

    state = forms.ChoiceField(label=_("State"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("any")), *OutboxState.choices]
        self.fields["kind"].choices = [("", _("any"))] + [(k.code, k.label) for k in KINDS.values()]
