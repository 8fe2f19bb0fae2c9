from django import forms
from django.utils.translation import gettext_lazy as _

from people.apis import MAX_UPLOAD_BYTES
from people.importer import ImportFileError, check_upload


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"), help_text=_("Columns as in the template."))
    dry_run = forms.BooleanField(
        label=_("Dry run: only show what would change"), required=False, initial=True
    )
    deactivate_missing = forms.BooleanField(
        label=_("This is a full export: employees missing from it become inactive"), required=False
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        if not file.name.lower().endswith((".csv", ".txt", ".xlsx", ".xlsm")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        try:
            check_upload(file.read(), file.name)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from error
        file.seek(0)
        return file
