"""What every app's forms share."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import BoundField
from django.forms.renderers import DjangoTemplates

from core.query import as_id


class ConstraintErrorsOnFields:
    """A ``ModelForm`` mixin: a model constraint's violation is shown next to the field it concerns.

    Django puts a ``CheckConstraint``'s message above the form. ``constraint_fields`` maps a
    constraint's ``violation_error_code`` (its name, see ``core.models.check_constraint``) to the
    form field the person must change; constraints not named stay above the form.
    """

    constraint_fields: dict[str, str] = {}

    def _update_errors(self, errors: ValidationError) -> None:
        if hasattr(errors, "error_dict") and NON_FIELD_ERRORS in errors.error_dict:
            moved: dict[str, list] = {}
            for error in errors.error_dict.pop(NON_FIELD_ERRORS):
                field = self.constraint_fields.get(error.code)
                moved.setdefault(field if field in self.fields else NON_FIELD_ERRORS, []).append(error)
            for field, found in moved.items():
                errors.error_dict.setdefault(field, []).extend(found)
        super()._update_errors(errors)


class AccessibleBoundField(BoundField):
    """Every form field of the product: a required one also says so to assistive technology
    (``aria-required``, beside Django's ``required``, ``aria-invalid`` and ``aria-describedby``)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        # A radio button may not carry it: its group does (role="radiogroup" in reviewcycle/_field.html).
        if self.field.required and not widget.is_hidden and getattr(widget, "input_type", "") != "radio":
            attrs.setdefault("aria-required", "true")
        return attrs


class FormRenderer(DjangoTemplates):
    """The project's form renderer (``FORM_RENDERER``): Django's own form templates, ``AccessibleBoundField``."""

    bound_field_class = AccessibleBoundField


class IdChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` (choosing by id) that refuses a posted value that is no id (``as_id``: "²",
    a number past any id) as an invalid choice before it reaches the database, which would fail on it."""

    def to_python(self, value):
        if isinstance(value, str) and value not in self.empty_values and as_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """``IdChoiceField`` for several choices: a posted value that is no id is an invalid choice."""

    def _check_values(self, value):
        for pk in value:
            if isinstance(pk, str) and as_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)
