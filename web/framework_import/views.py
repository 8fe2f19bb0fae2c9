"""HR imports a competency dictionary or job profile: upload, preview and correct, then store as a draft.

Nothing is stored before HR confirms. Between the steps the page carries what was read (the
document's structure, what was recognised, the warnings) in a signed form field, so any web
node can take the next step and nothing waits in a session or a table. The draft is then
checked and published as any other (the framework pages, the admin, ``manage.py framework``).
"""

import hashlib
import json

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.uploads import upload_too_large
from frameworks.document import DocumentError, cell_expected_level
from frameworks.importers import FORMAT_LABELS, ParseError, ReadError, parse_structure, read_file, read_text
from frameworks.importers.base import NEEDS_TITLE, Need
from frameworks.importers.edits import apply_edits, field, need_message, stand_ins, without_stand_ins
from frameworks.importers.structure import Structure
from frameworks.models import Framework, FrameworkVersion
from frameworks.selectors import (
    framework_import_base,
    framework_merge_notes,
    known_competencies,
    version_document,
)
from frameworks.services import framework_import_reviewed
from people.selectors import can_import_frameworks, is_hr
from web.framework_import.forms import PreviewForm, UploadForm

SALT = "web.framework_import"
# A preview left open longer than this is read again from the document.
MAX_AGE_SECONDS = 24 * 3600


def _sign(state: dict) -> str:
    return signing.dumps(state, salt=SALT, compress=True)


def _unsign(token: str) -> dict:
    return signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)


def _require_permission(user) -> None:
    if not can_import_frameworks(user=user):
        raise PermissionDenied


@login_required
def framework_import(request):
    """Step 1, the upload; a POST with ``state`` is a later step (the preview updated, or the import)."""
    _require_permission(request.user)
    if request.method == "POST" and "state" in request.POST:
        return _next_step(request)
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, upload_too_large=upload_too_large(request))
        if form.is_valid():
            file = form.cleaned_data["file"]
            try:
                if file is not None:
                    structure, filename = read_file(file.name, file.read()), file.name
                else:
                    structure, filename = read_text(form.cleaned_data["text"]), _("Pasted text")
            except ReadError as error:
                form.add_error("file", _("This file could not be read: %(error)s") % {"error": error})
            else:
                target = form.cleaned_data["target"]
                state = {
                    "structure": structure.to_data(),
                    "filename": filename,
                    "format": form.cleaned_data["format"],
                    "target": target.pk if target else None,
                }
                return _read(request, state, form)
    return render(request, "web/framework_import.html", {"form": form}, status=400 if form.errors else 200)


def _next_step(request):
    try:
        state = _unsign(request.POST["state"])
    except signing.BadSignature:
        error = _("This preview has expired or was changed. Upload the document again.")
        return render(
            request, "web/framework_import.html", {"form": UploadForm(), "error": error}, status=400
        )
    return _preview(request, state)


def _read(request, state: dict, upload_form: UploadForm):
    """Recognise the document; show the preview, or the refusal beside the upload's fields.

    Names the export lost (a job title, a competency's name) do not stop the preview: the document
    is read with stand-ins, and the preview shows those names empty, marked, to be filled in.
    """
    structure = Structure.from_data(state["structure"])
    target = Framework.objects.filter(pk=state.get("target")).first()
    options = {
        "format": state["format"] or None,
        "known_competencies": known_competencies(version=framework_import_base(framework=target)),
    }
    needs: list[Need] = []
    try:
        try:
            result = parse_structure(structure, **options)
        except ParseError as error:
            if not error.needs:
                raise
            needs = error.needs
            result = parse_structure(structure, **options, **stand_ins(needs))
    except ParseError as error:
        where = _("Line %(line)s: ") % {"line": error.line} if error.line else ""
        # Beside the field that can set it right: the kind of document, or the document itself.
        upload_form.add_error("format" if error.line is None else "file", where + error.message)
        context = {"form": upload_form, "source": _source(structure, [error.line] if error.line else [])}
        return render(request, "web/framework_import.html", context, status=400)
    document = without_stand_ins(result.document, needs)
    state = {
        **state,
        "format": result.format,
        "document": document,
        "warnings": [[need.line, need_message(need), _need_field(need)] for need in needs]
        + [[warning.line, warning.message, ""] for warning in result.warnings],
    }
    form = PreviewForm(document=document, initial={"target": target})
    if too_large := form.too_large(_sign(state)):
        upload_form.add_error("file", too_large)
        return render(request, "web/framework_import.html", {"form": upload_form}, status=400)
    return _render_preview(request, state, form)


def _need_field(need: Need) -> str:
    """The preview field where HR gives what the document lost."""
    if need.what == NEEDS_TITLE:
        return "id_" + field("p", 0, "title")
    return "id_" + field("c", need.position - 1, "name")


def _preview(request, state: dict):
    form = PreviewForm(request.POST, document=state["document"])
    if not form.is_valid():
        return _render_preview(request, state, form, status=400)
    try:
        document = apply_edits(state["document"], form.edits())
    except ValidationError as error:
        form.add_error(None, error)
        return _render_preview(request, state, form, status=400)
    target = form.cleaned_data["target"]
    if request.POST.get("action") != "import":
        updated = {**state, "document": document, "target": target.pk if target else None}
        next_form = PreviewForm(document=document, initial={"target": target})
        if too_large := next_form.too_large(_sign(updated)):
            form.add_error(None, too_large)  # this page still fits; the grown one could not be sent back
            return _render_preview(request, state, form, status=400)
        return _render_preview(request, updated, next_form)
    if target is not None and not _merge_confirmed(
        state, document, target, form.cleaned_data["confirm_merge"]
    ):
        # The page now shows the corrected document with this framework's overlap, the box unticked.
        state = {**state, "document": document, "target": target.pk}
        form = _as_sent(PreviewForm(document=document, initial={"target": target}))
        form.add_error(
            "confirm_merge",
            _("Tick this to add the document to %(name)s, or choose a new framework.")
            % {"name": target.name},
        )
        return _render_preview(request, state, form, status=400)
    try:
        version = framework_import_reviewed(
            document=document,
            framework=target,
            actor=request.user,
            filename=state["filename"],
            format=state["format"],
            import_key=_import_key(request.POST["state"], form),
        )
    except DocumentError as error:
        form.add_error(None, _("This cannot be stored as a framework: %(error)s") % {"error": error})
        return _render_preview(request, state, form, status=400)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_preview(request, state, form, status=400)
    return redirect("frameworks:version", slug=version.framework.slug, number=version.number)


def _merge_confirmed(state: dict, document, target: Framework, ticked: bool) -> bool:
    """Whether HR ticked the box for what this import adds to ``target``: the page showed this
    framework's overlap, and the corrections sent with the tick do not change it."""
    if not ticked or state.get("target") != target.pk:
        return False
    shown = framework_merge_notes(document=state["document"], framework=target)
    return framework_merge_notes(document=document, framework=target) == shown


def _as_sent(form: PreviewForm) -> PreviewForm:
    """The preview bound to its own initial values, as a browser would send it back (boxes unticked)."""
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    bound = PreviewForm(data, document=form.document)
    bound.is_valid()
    return bound


def _import_key(token: str, form: PreviewForm) -> str:
    """This exact import: the preview it came from with the corrections and target sent (a double
    click sends them twice; a changed correction is another import)."""
    sent = json.dumps(
        [token, form.edits(), form.cleaned_data["target"] and form.cleaned_data["target"].pk],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(sent.encode()).hexdigest()


def _render_preview(request, state: dict, form: PreviewForm, status: int = 200):
    structure = Structure.from_data(state["structure"])
    warnings = [
        {"line": line, "message": message, "field": anchor} for line, message, anchor in state["warnings"]
    ]
    target = Framework.objects.filter(pk=state.get("target")).first()
    context = {
        "form": form,
        "state": _sign(state),
        "filename": state["filename"],
        "format_label": FORMAT_LABELS.get(state["format"], state["format"]),
        "warnings": warnings,
        "notes": framework_merge_notes(document=form.document, framework=target),
        "target": target,
        "source": _source(structure, [warning["line"] for warning in warnings if warning["line"]]),
    }
    return render(request, "web/framework_import_preview.html", context, status=status)


def _source(structure: Structure, marked: list[int]) -> list[dict]:
    """The document as the page shows it beside the preview: numbered lines, the warned ones marked."""
    marked_lines = set(marked)
    return [
        {"number": number, "text": text, "marked": number in marked_lines}
        for number, text in enumerate(structure.text.splitlines(), start=1)
    ]


@login_required
def framework_version(request, slug: str, number: int):
    """One version of a framework as it is stored: what an import made of the document."""
    if not (can_import_frameworks(user=request.user) or is_hr(user=request.user)):
        raise PermissionDenied
    version = get_object_or_404(
        FrameworkVersion.objects.select_related("framework"), framework__slug=slug, number=number
    )
    document = version_document(version=version)
    # Each cell's expected level of each competency: its own where it has one, else its default.
    role_types = [
        {
            "name": f"{cell['family']} {cell['grade']}",
            "levels": [
                (competency["name"], cell_expected_level(cell, competency["key"]))
                for competency in document["competencies"]
            ],
        }
        for cell in document["role_types"]
    ]
    context = {
        "version": version,
        "document": document,
        "role_types": role_types,
        "can_edit": request.user.has_perm("frameworks.change_frameworkversion") and version.is_editable,
    }
    return render(request, "web/framework_version.html", context)
