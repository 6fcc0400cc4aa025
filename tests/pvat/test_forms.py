from django import forms
from django.core.exceptions import ValidationError

from pvat.forms import form_service_call


class DayForm(forms.Form):
    day = forms.DateField()


def _valid_form():
    form = DayForm({"day": "2026-12-05"})
    assert form.is_valid()
    return form


def test_the_service_result_is_returned():
    form = _valid_form()

    assert form_service_call(form, lambda **values: values, day=1) == {"day": 1}
    assert not form.errors


def test_a_field_error_lands_on_its_field_and_nothing_is_returned():
    def refuse(**values):
        raise ValidationError({"day": "Choose a weekday."})

    form = _valid_form()

    assert form_service_call(form, refuse) is None
    assert form.errors == {"day": ["Choose a weekday."]}
    assert "day" not in form.cleaned_data


def test_an_error_about_the_whole_form_lands_above_the_fields():
    def refuse(**values):
        raise ValidationError("Someone else saved first.")

    form = _valid_form()

    assert form_service_call(form, refuse) is None
    assert form.non_field_errors() == ["Someone else saved first."]
