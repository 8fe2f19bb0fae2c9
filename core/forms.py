"""What every app's forms share."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


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
