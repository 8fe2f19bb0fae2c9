"""The forms of the framework import: the upload, the names a document lost, and the preview's fields."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from frameworks.document import Document, cell_expected_level
from frameworks.importers import FORMAT_LABELS
from frameworks.importers.edits import NEW, ROLE_FAMILY_MAX_LENGTH, field, level_numbers
from frameworks.models import Framework

# What the preview's POST holds besides its fields: the state, the CSRF token and the button.
PREVIEW_EXTRA_FIELDS = 3

# One text box line per item: long enough for an indicator, a question, a tip.
TEXTAREA = {"rows": 4, "cols": 60}


def text_box(label, initial: str, rows: int = 4) -> forms.CharField:
    """An optional multi-line field of the preview (a definition, a level's indicators one a line)."""
    return forms.CharField(
        label=label, required=False, initial=initial, widget=forms.Textarea(attrs={**TEXTAREA, "rows": rows})
    )


class FrameworkChoiceField(forms.ModelChoiceField):
    """A framework by its name and code: two frameworks may share a name."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.slug})"


def _target_field() -> forms.ModelChoiceField:
    return FrameworkChoiceField(
        queryset=Framework.objects.order_by("name"),
        required=False,
        empty_label=_("A new competency framework (draft)"),
        label=_("Add to"),
        help_text=_(
            "Without a choice the document becomes a new draft framework. Added to an existing framework, "
            "the preview shows which competencies it already has."
        ),
    )


class UploadForm(forms.Form):
    """A file or pasted text, where to add it, and (when the recogniser cannot tell) what kind it is."""

    file = forms.FileField(
        label=_("Document"),
        required=False,
        help_text=_("Word (.docx), PDF, Excel (.xlsx), a saved web page (.html) or text (.txt)."),
    )
    text = forms.CharField(
        label=_("Or paste the text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 60}),
        help_text=_("For example a page copied from your intranet."),
    )
    format = forms.ChoiceField(
        label=_("Kind of document"),
        required=False,
        choices=[("", _("Recognise it from the content")), *FORMAT_LABELS.items()],
    )

    def __init__(self, *args, upload_too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"] = _target_field()
        self.order_fields(["file", "text", "target", "format"])
        self.upload_too_large = upload_too_large

    def clean(self):
        cleaned = super().clean()
        if self.upload_too_large:
            self.add_error("file", _("The file is larger than the upload limit."))
        elif not cleaned.get("file") and not cleaned.get("text", "").strip():
            self.add_error("file", _("Choose a document, or paste its text below."))
        elif cleaned.get("file") and cleaned.get("text", "").strip():
            self.add_error("text", _("Choose a document or paste text, not both."))
        return cleaned


class PreviewForm(forms.Form):
    """The recognised document as fields: ``frameworks.importers.edits`` names them and applies them.

    ``blocks`` groups the bound fields per competency, job profile and role-type cell for the page.
    """

    confirm_merge = forms.BooleanField(
        label=_("I have seen what is already in this framework; add the document to it"),
        required=False,
    )

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"] = _target_field()
        self.fields["framework_name"] = forms.CharField(
            label=_("Name of the new framework"),
            max_length=200,
            required=False,
            initial=document["framework"]["name"],
        )
        self.document = document
        self.blocks: list[dict] = []
        numbers = level_numbers(document)
        for index, competency in enumerate([*document["competencies"], None]):
            self._competency_fields(NEW if competency is None else index, competency, numbers)
        self.names = {competency["key"]: competency["name"] for competency in document["competencies"]}
        for index, profile in enumerate(document["job_profiles"]):
            self._profile_fields(index, profile)
        for index, cell in enumerate(document["role_types"]):
            self._cell_fields(index, cell)
        # A job profile first: its competencies belong to it.
        self.blocks.sort(key=lambda block: block["kind"] != "profile")

    def _add(self, name: str, form_field: forms.Field) -> str:
        self.fields[name] = form_field
        return name

    def _competency_fields(self, slot, competency: dict | None, numbers: list[int]) -> None:
        lost = competency is not None and not competency["name"]  # the export lost it
        competency = competency or {}
        levels = {level["number"]: level for level in competency.get("levels", [])}
        names = [
            self._add(
                field("c", slot, "name"),
                forms.CharField(
                    label=_("Name"),
                    max_length=200,
                    required=False,
                    initial=competency.get("name", ""),
                    help_text=_("The document lost this name: fill it in.") if lost else "",
                    widget=forms.TextInput(attrs={"class": "needs-attention"} if lost else {}),
                ),
            ),
            self._add(
                field("c", slot, "definition"),
                text_box(_("Definition"), competency.get("definition", ""), rows=3),
            ),
        ]
        for number in numbers:
            summary = levels.get(number, {}).get("summary", "")
            if summary:  # the recogniser took a line for the summary: HR may undo that
                names.append(
                    self._add(
                        field("c", slot, f"summary-{number}"),
                        forms.CharField(
                            label=_("Level %(number)s: summary") % {"number": number},
                            required=False,
                            initial=summary,
                            help_text=_("Empty it and add the line below if it is an indicator."),
                        ),
                    )
                )
            names.append(
                self._add(
                    field("c", slot, f"level-{number}"),
                    text_box(
                        _("Level %(number)s") % {"number": number},
                        "\n".join(levels.get(number, {}).get("indicators", [])),
                    ),
                )
            )
        for part, key, label in (
            ("indicators", "indicators", _("Indicators without a level")),
            ("questions", "interview_questions", _("Interview questions")),
            ("tips", "development_tips", _("Development tips")),
        ):
            if competency.get(key) or (slot == NEW and part == "indicators" and not numbers):
                names.append(
                    self._add(
                        field("c", slot, part),
                        text_box(label, "\n".join(competency.get(key, []))),
                    )
                )
        if slot != NEW and slot != 0:  # the first has nothing above it
            names.append(
                self._add(
                    field("c", slot, "merge"),
                    forms.BooleanField(label=_("Merge with the competency above"), required=False),
                )
            )
        if slot != NEW:
            names.append(
                self._add(
                    field("c", slot, "leave-out"), forms.BooleanField(label=_("Leave out"), required=False)
                )
            )
        self.blocks.append(
            {
                "kind": "competency",
                "id": f"c{slot}",
                "title": competency.get("name") or (_("without a name") if lost else _("Another competency")),
                "new": slot == NEW,
                "levelled": bool(numbers),
                "fields": [self[name] for name in names],
            }
        )

    def _profile_fields(self, index: int, profile: dict) -> None:
        names = [
            self._add(
                field("p", index, "title"),
                forms.CharField(
                    label=_("Job title"),
                    max_length=200,
                    required=False,
                    initial=profile["title"],
                    help_text="" if profile["title"] else _("The document lost the job title: fill it in."),
                    widget=forms.TextInput(attrs={} if profile["title"] else {"class": "needs-attention"}),
                ),
            ),
            self._add(
                field("p", index, "family"),
                forms.CharField(
                    label=_("Job family"), max_length=120, required=False, initial=profile["family"]
                ),
            ),
        ]
        names.append(
            self._add(
                field("p", index, "purpose"),
                text_box(_("Purpose of the job"), profile["purpose"], rows=3),
            )
        )
        if profile["knowledge"]:
            names.append(
                self._add(
                    field("p", index, "knowledge"),
                    text_box(_("Knowledge (one a line)"), "\n".join(profile["knowledge"])),
                )
            )
        for number, area in enumerate(profile["result_areas"]):
            names.append(
                self._add(
                    field("p", index, f"area-{number}-title"),
                    forms.CharField(
                        label=_("Result area %(number)s") % {"number": number + 1},
                        required=False,
                        initial=area["title"],
                        help_text=_("Empty it to leave the result area out."),
                    ),
                )
            )
            if area["frame"]:
                names.append(
                    self._add(
                        field("p", index, f"area-{number}-frame"),
                        text_box(_("Frame"), area["frame"], rows=2),
                    )
                )
            names.append(
                self._add(
                    field("p", index, f"area-{number}-result"),
                    text_box(_("Result"), area["result"], rows=2),
                )
            )
            names.append(
                self._add(
                    field("p", index, f"area-{number}-activities"),
                    text_box(_("Activities (one a line)"), "\n".join(area["activities"])),
                )
            )
        names.append(
            self._add(
                field("p", index, "leave-out"), forms.BooleanField(label=_("Leave out"), required=False)
            )
        )
        self.blocks.append(
            {
                "kind": "profile",
                "id": f"p{index}",
                "title": profile["title"] or _("without a title"),
                "competencies": [self.names.get(key, key) for key in profile["competencies"]],
                "fields": [self[name] for name in names],
            }
        )

    def _cell_fields(self, index: int, cell: dict) -> None:
        names = [
            self._add(
                field("r", index, "family"),
                forms.CharField(
                    label=_("Role-type cell"),
                    max_length=ROLE_FAMILY_MAX_LENGTH,
                    required=False,
                    initial=cell["family"],
                ),
            ),
            self._add(
                field("r", index, "default"),
                forms.IntegerField(label=_("Expected level"), min_value=1, initial=cell["default_level"]),
            ),
        ]
        for position, competency in enumerate(self.document["competencies"]):
            names.append(
                self._add(
                    field("r", index, f"expected-{position}"),
                    forms.IntegerField(
                        label=_("Expected level of %(name)s") % {"name": competency["name"] or position + 1},
                        min_value=1,
                        required=False,
                        initial=cell_expected_level(cell, competency["key"]),
                    ),
                )
            )
        names.append(
            self._add(
                field("r", index, "leave-out"), forms.BooleanField(label=_("Leave out"), required=False)
            )
        )
        self.blocks.append(
            {
                "kind": "cell",
                "id": f"r{index}",
                "title": f"{cell['family']} {cell['grade']}",
                "cell": cell,
                "fields": [self[name] for name in names],
            }
        )

    def too_large(self, state: str) -> str | None:
        """Why a browser could not send this preview back with its signed ``state``, or None: Django
        refuses a POST of more than ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` fields or ``DATA_UPLOAD_MAX_MEMORY_SIZE``
        bytes with a bare 400, and the preview would be lost."""
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        count = len(self.fields) + PREVIEW_EXTRA_FIELDS
        if limit is not None and count > limit:
            return _(
                "This document has too many parts for one preview (%(count)s fields, at most %(limit)s): "
                "import it in parts."
            ) % {"count": count, "limit": limit}
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        # As a browser sends it: URL-encoded, a text box's line breaks as CRLF.
        sent = [("state", state)] + [
            (name, str(self[name].value() or "").replace("\n", "\r\n")) for name in self.fields
        ]
        size = len(urlencode(sent))
        if limit is not None and size > limit:
            return _(
                "This document is too large for one preview (%(size)s kB, at most %(limit)s kB): "
                "import it in parts."
            ) % {"size": -(-size // 1024), "limit": limit // 1024}
        return None

    def edits(self) -> dict:
        """The fields by the names ``apply_edits`` reads."""
        values = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("target", "confirm_merge", "framework_name")
        }
        return {**values, "framework-name": self.cleaned_data.get("framework_name", "")}
