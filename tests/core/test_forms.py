"""A service's refusal lands on the form fields it names."""

from django import forms
from django.core.exceptions import ValidationError

from pavilion.core.forms import FAILED, save_through


class AmountForm(forms.Form):
    amount = forms.IntegerField()


def _refuse(errors):
    def call():
        raise ValidationError(errors)

    return call


def test_field_errors_go_to_their_field_and_others_to_the_form():
    form = AmountForm({"amount": "5"})
    assert form.is_valid()
    result = save_through(form, _refuse({"amount": "Too much.", "currency": "No rate."}))
    assert result is FAILED
    assert form.errors["amount"] == ["Too much."]
    assert form.non_field_errors() == ["No rate."]


def test_a_plain_error_goes_to_the_form_and_a_result_comes_back():
    form = AmountForm({"amount": "5"})
    assert form.is_valid()
    assert save_through(form, _refuse("Closed.")) is FAILED
    assert form.non_field_errors() == ["Closed."]
    assert (
        save_through(AmountForm({"amount": "1"}), lambda: []) == []
    )  # an empty result is not a failure
