from django import forms
from django.utils.translation import gettext_lazy as _

from people.importers.read import ImportFileError, check_upload, too_large_message


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"), help_text=_("Columns as in the template."))
    dry_run = forms.BooleanField(
        label=_("Dry run: only show what would change"), required=False, initial=True
    )
    deactivate_missing = forms.BooleanField(
        label=_("This is a full export: employees missing from it become inactive"), required=False
    )

    def __init__(self, *args, upload_too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if upload_too_large:  # the upload was stopped at the limit: the file is "missing" for that reason
            messages = self.fields["file"].error_messages
            self.fields["file"].error_messages = {**messages, "required": too_large_message()}

    def clean_file(self):
        file = self.cleaned_data["file"]
        try:
            check_upload(file=file)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from error
        return file
