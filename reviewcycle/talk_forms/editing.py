"""HR edits a draft regeling's talk forms on the product's pages: a form for a talk, sections, and
questions added, reworded, moved up or down and deleted; sections renamed.

Only the forms of a draft version change (``shapes.editing.require_draft``): a published version's
forms are what running cycles ask, and their answers point at the questions. Each change is audited
as a ``FORM_CHANGED`` event of the version, with what changed.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reviewcycle.models import (
    CycleTemplateEvent,
    CycleTemplateVersion,
    TalkForm,
    TalkFormSection,
    TalkQuestion,
)
from reviewcycle.services.inputs import clean_text
from reviewcycle.shapes.editing import require_draft

Kind = TalkQuestion.Kind
MAX_OPTIONS = 20
MAX_OPTION_LENGTH = 200


def _draft_of(version_id: int) -> CycleTemplateVersion:
    version = CycleTemplateVersion.objects.select_for_update().select_related("template").get(pk=version_id)
    require_draft(version)
    return version


def _audit(version: CycleTemplateVersion, actor, action: str, **payload) -> None:
    CycleTemplateEvent.record(
        version=version,
        actor=actor,
        kind=CycleTemplateEvent.Kind.FORM_CHANGED,
        payload={"action": action, **payload},
    )


def _one_line(value: str, field: str, max_length: int = 200) -> str:
    value = clean_text(value, field, max_length=max_length)
    if "\n" in value or "\r" in value:
        raise ValidationError({field: _("Write this on one line.")})
    return value


@transaction.atomic
def talk_form_add(*, version: CycleTemplateVersion, talk: str, actor: AbstractBaseUser) -> TalkForm:
    """A form for ``talk`` (a ``TalkForm.Talk`` value) on the draft ``version``, titled after the talk,
    with one empty section to put questions in. ``ValidationError`` (400) on ``talk`` for an unknown talk
    or one that has a form already; ``PublishedIsImmutableError`` (409) for a published version."""
    version = _draft_of(version.pk)
    if talk not in TalkForm.Talk.values:
        raise ValidationError({"talk": _("This is not a talk of the review.")})
    if version.talk_forms.filter(talk=talk).exists():
        raise ValidationError({"talk": _("This regeling version already has a form for this talk.")})
    form = TalkForm.objects.create(template_version=version, talk=talk, title=str(TalkForm.Talk(talk).label))
    TalkFormSection.objects.create(form=form, title=_("Questions"), order=0)
    _audit(version, actor, "add_form", talk=talk)
    return form


@transaction.atomic
def talk_form_update(*, form: TalkForm, actor: AbstractBaseUser, title: str, introduction: str) -> TalkForm:
    """Rename ``form`` and change its introduction. ``ValidationError`` (400) on ``title`` when empty,
    not one line or too long; ``PublishedIsImmutableError`` (409) for a published version's form."""
    version = _draft_of(form.template_version_id)
    form = TalkForm.objects.get(pk=form.pk)
    form.title = _one_line(title, "title")
    form.introduction = clean_text(introduction, "introduction", required=False)
    form.save(update_fields=["title", "introduction", "updated_at"])
    _audit(version, actor, "change_form", talk=form.talk)
    return form


@transaction.atomic
def talk_form_section_add(*, form: TalkForm, actor: AbstractBaseUser, title: str) -> TalkFormSection:
    """A section titled ``title`` at the end of ``form``. ``ValidationError`` (400) on ``title``;
    ``PublishedIsImmutableError`` (409) for a published version's form."""
    version = _draft_of(form.template_version_id)
    title = _one_line(title, "title")
    last = form.sections.order_by("-order").values_list("order", flat=True).first()
    section = TalkFormSection.objects.create(form=form, title=title, order=0 if last is None else last + 1)
    _audit(version, actor, "add_section", talk=form.talk, section=title)
    return section


@transaction.atomic
def talk_form_section_rename(
    *, section: TalkFormSection, actor: AbstractBaseUser, title: str
) -> TalkFormSection:
    """Give ``section`` the title ``title``; its questions and place stay. ``ValidationError`` (400) on
    ``title`` when empty, not one line or too long; ``PublishedIsImmutableError`` (409) for a published
    version's form. Audited with the old title (nothing changed: no event)."""
    section = TalkFormSection.objects.select_related("form").get(pk=section.pk)
    version = _draft_of(section.form.template_version_id)
    title = _one_line(title, "title")
    if title == section.title:
        return section
    old, section.title = section.title, title
    section.save(update_fields=["title"])
    _audit(version, actor, "rename_section", talk=section.form.talk, section=title, old=old)
    return section


def clean_options(kind: str, options: list[str]) -> list[str]:
    """The options stored for a question of ``kind``: for a choice at least two, for a scale none (1 to
    5) or at least two labels, lowest first; for free text and yes/no none (refused when given). Each option stripped, empty
    lines dropped, no option twice. ``ValidationError`` (400) on ``options``."""
    cleaned = [str(option).strip() for option in options if str(option).strip()]
    if kind in (Kind.TEXT, Kind.YES_NO):
        if cleaned:
            raise ValidationError(
                {
                    "options": _(
                        "Free text and yes or no have no options: remove them, or choose a choice or a scale."
                    )
                }
            )
        return []
    if len(cleaned) != len(set(cleaned)):
        raise ValidationError({"options": _("Each option is named once.")})
    if len(cleaned) > MAX_OPTIONS or any(len(option) > MAX_OPTION_LENGTH for option in cleaned):
        raise ValidationError(
            {
                "options": _("At most %(count)s options of at most %(length)s characters each.")
                % {"count": MAX_OPTIONS, "length": MAX_OPTION_LENGTH}
            }
        )
    if kind == Kind.CHOICE and len(cleaned) < 2:
        raise ValidationError({"options": _("A choice needs at least two options, one on each line.")})
    if kind == Kind.SCALE and len(cleaned) == 1:
        raise ValidationError(
            {"options": _("A scale needs at least two labels, lowest first; leave it empty for 1 to 5.")}
        )
    return cleaned


@transaction.atomic
def talk_question_save(
    *,
    section: TalkFormSection,
    actor: AbstractBaseUser,
    text: str,
    kind: str,
    answered_by: str,
    help_text: str = "",
    options: list[str] | None = None,
    required: bool = False,
    question: TalkQuestion | None = None,
) -> TalkQuestion:
    """Add a question at the end of ``section`` (``question`` None), or reword and change ``question``
    (which stays in its section and place). ``kind`` a ``TalkQuestion.Kind`` value, ``answered_by`` a
    ``TalkQuestion.AnsweredBy`` value, ``options`` as ``clean_options`` takes them.

    ``ValidationError`` (400) by field: ``text`` empty or too long, ``kind`` or ``answered_by`` unknown,
    ``options`` (``clean_options``); ``PublishedIsImmutableError`` (409) for a published version's form.
    """
    version = _draft_of(section.form.template_version_id)
    if kind not in Kind.values:
        raise ValidationError({"kind": _("This is not a known kind of answer.")})
    if answered_by not in TalkQuestion.AnsweredBy.values:
        raise ValidationError(
            {
                "answered_by": _(
                    "Say who answers the question: the employee, the manager, or both as the report."
                )
            }
        )
    fields = {
        "text": clean_text(text, "text", max_length=1000),
        "help_text": clean_text(help_text, "help_text", required=False, max_length=2000),
        "kind": kind,
        "options": clean_options(kind, options or []),
        "answered_by": answered_by,
        "required": bool(required),
    }
    if question is None:
        last = section.questions.order_by("-order").values_list("order", flat=True).first()
        question = TalkQuestion.objects.create(
            section=section, order=0 if last is None else last + 1, **fields
        )
        _audit(version, actor, "add_question", talk=section.form.talk, question=question.pk)
        return question
    question = TalkQuestion.objects.get(pk=question.pk, section=section)
    changed = sorted(field for field, value in fields.items() if getattr(question, field) != value)
    if changed:
        for field in changed:
            setattr(question, field, fields[field])
        question.save()
        _audit(
            version, actor, "change_question", talk=section.form.talk, question=question.pk, fields=changed
        )
    return question


@transaction.atomic
def talk_question_delete(*, question: TalkQuestion, actor: AbstractBaseUser) -> None:
    """Take ``question`` off its draft form (a draft's questions have no answers: no cycle runs on a
    draft). ``PublishedIsImmutableError`` (409) for a published version's form."""
    question = TalkQuestion.objects.select_related("section__form").get(pk=question.pk)
    version = _draft_of(question.section.form.template_version_id)
    _audit(version, actor, "delete_question", talk=question.section.form.talk, text=question.text[:200])
    question.delete()


@transaction.atomic
def talk_question_move(*, question: TalkQuestion, actor: AbstractBaseUser, up: bool) -> TalkQuestion:
    """Move ``question`` one place up (``up``) or down within its section: it swaps places with its
    neighbour; at the top (or bottom) nothing changes. Renumbers the section's questions 0, 1, 2, … .
    ``PublishedIsImmutableError`` (409) for a published version's form."""
    question = TalkQuestion.objects.select_related("section__form").get(pk=question.pk)
    version = _draft_of(question.section.form.template_version_id)
    questions = list(question.section.questions.order_by("order", "id"))
    index = next(i for i, other in enumerate(questions) if other.pk == question.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(questions):
        return question
    questions[index], questions[target] = questions[target], questions[index]
    for order, other in enumerate(questions):
        other.order = order
    TalkQuestion.objects.bulk_update(questions, ["order"])
    _audit(version, actor, "move_question", talk=question.section.form.talk, question=question.pk, up=up)
    return question


@transaction.atomic
def talk_form_section_delete(*, section: TalkFormSection, actor: AbstractBaseUser) -> None:
    """Take the empty ``section`` off its draft form. A section with questions is refused rather than
    deleted with them: HR deletes (or keeps) each question on purpose, so none is lost by one click.
    ``ValidationError`` (400) when it has questions; ``PublishedIsImmutableError`` (409) for a
    published version's form."""
    section = TalkFormSection.objects.select_related("form").get(pk=section.pk)
    version = _draft_of(section.form.template_version_id)
    if section.questions.exists():
        raise ValidationError(
            _("The section %(title)s still has questions: delete them first, then the section.")
            % {"title": section.title},
            code="section_has_questions",
        )
    _audit(version, actor, "delete_section", talk=section.form.talk, section=section.title)
    section.delete()


@transaction.atomic
def talk_form_section_move(*, section: TalkFormSection, actor: AbstractBaseUser, up: bool) -> TalkFormSection:
    """Move ``section`` one place up (``up``) or down on its form, with its questions: it swaps places
    with its neighbour; at the top (or bottom) nothing changes. Renumbers the form's sections 0, 1, 2, … .
    ``PublishedIsImmutableError`` (409) for a published version's form."""
    section = TalkFormSection.objects.select_related("form").get(pk=section.pk)
    version = _draft_of(section.form.template_version_id)
    sections = list(section.form.sections.order_by("order", "id"))
    index = next(i for i, other in enumerate(sections) if other.pk == section.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(sections):
        return section
    sections[index], sections[target] = sections[target], sections[index]
    for order, other in enumerate(sections):
        other.order = order
    TalkFormSection.objects.bulk_update(sections, ["order"])
    _audit(version, actor, "move_section", talk=section.form.talk, section=section.title, up=up)
    return section
