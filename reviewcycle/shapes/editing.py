"""HR makes their own regeling on the product's pages: a new regeling, a new draft of a published
version (its shape, consequences and talk forms copied), and the draft's shape changed.

Only a draft changes (``require_draft``); publishing is ``services.cycle_template_version_publish``.
Every change is audited as a ``CycleTemplateEvent`` with the actor.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from reviewcycle.models import (
    SHAPE_FIELDS,
    ConsequenceKind,
    CycleTemplate,
    CycleTemplateEvent,
    CycleTemplateVersion,
    TalkForm,
    TalkFormSection,
    TalkQuestion,
    TemplateConsequence,
    TemplateConsequenceDefault,
)
from reviewcycle.services.inputs import clean_text
from reviewcycle.shapes.rules import default_problems

# A new regeling starts as today's classic shape without scores' scale chosen: HR changes what differs.
NEW_SHAPE = {
    "signature_options": ["seen", "agreed"],
    "due_offsets": {
        "planning_due": 2,
        "progress_due": 6,
        "self_assessment_due": 9,
        "scoring_due": 10,
        "appraisal_due": 11,
    },
}


class PublishedIsImmutableError(ValidationError):
    """A change to a published version: refused (409 on a page, 400 in an API as ``ValidationError``)."""


def require_draft(version: CycleTemplateVersion) -> None:
    """``PublishedIsImmutableError`` unless ``version`` is a draft: cycles run on a published one."""
    if not version.is_editable:
        raise PublishedIsImmutableError(
            _("Version %(number)s of %(template)s is published and can no longer change; start a new draft.")
            % {"number": version.number, "template": version.template.name},
            code="published_is_immutable",
        )


def _locked_draft(version: CycleTemplateVersion) -> CycleTemplateVersion:
    version = CycleTemplateVersion.objects.select_for_update().select_related("template").get(pk=version.pk)
    require_draft(version)
    return version


@transaction.atomic
def cycle_template_create(
    *, actor: AbstractBaseUser, name: str, slug: str = "", description: str = ""
) -> CycleTemplateVersion:
    """A new regeling of HR's own, ``name`` with code ``slug`` (empty: made from the name), and its
    version 1 as a draft with a classic shape (``NEW_SHAPE``) and no talk forms yet. Returns the draft.

    ``ValidationError`` (400) on ``name`` when empty or too long, on ``slug`` when the code is taken
    or not a code. Audited: ``TEMPLATE_CREATED``.
    """
    name = clean_text(name, "name", max_length=200)
    if "\n" in name or "\r" in name:
        raise ValidationError({"name": _("The name is one line.")})
    derived = not (slug or "").strip()
    slug = (slug or "").strip() or slugify(name)[:80]
    if not slug or slug != slugify(slug):
        raise ValidationError({"slug": _("Use only lowercase letters, digits and hyphens.")})
    if CycleTemplate.objects.filter(slug=slug).exists():
        if derived:
            raise ValidationError(
                {
                    "slug": _(
                        "The code %(code)s is made from the name, and another regeling already has it: "
                        "choose another name or give a code of your own."
                    )
                    % {"code": slug}
                }
            )
        raise ValidationError({"slug": _("Another regeling already has this code.")})
    description = clean_text(description, "description", required=False)
    try:
        with transaction.atomic():  # a double submit: the other request took the code a moment ago
            template = CycleTemplate.objects.create(slug=slug, name=name, description=description)
    except IntegrityError:
        raise ValidationError({"slug": _("Another regeling already has this code.")}) from None
    version = CycleTemplateVersion.objects.create(template=template, number=1, **NEW_SHAPE)
    CycleTemplateEvent.record(
        version=version, actor=actor, kind=CycleTemplateEvent.Kind.TEMPLATE_CREATED, payload={"slug": slug}
    )
    return version


@transaction.atomic
def cycle_template_draft_create(
    *, version: CycleTemplateVersion, actor: AbstractBaseUser
) -> CycleTemplateVersion:
    """A new draft of ``version``'s regeling: the next number, with ``version``'s shape, consequences and
    talk forms (sections and questions, in order) copied; ``version`` itself never changes.

    ``ValidationError`` (400) when the regeling has a draft already (one at a time: change or publish
    that one). Audited: ``DRAFT_CREATED`` with the version copied.
    """
    template = CycleTemplate.objects.select_for_update().get(pk=version.template_id)
    source = CycleTemplateVersion.objects.get(pk=version.pk)
    if template.versions.filter(status=CycleTemplateVersion.Status.DRAFT).exists():
        raise ValidationError(
            _("%(template)s already has a draft version: change or publish that one first.")
            % {"template": template.name},
            code="one_draft",
        )
    number = (template.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    draft = CycleTemplateVersion.objects.create(
        template=template, number=number, **{field: getattr(source, field) for field in SHAPE_FIELDS}
    )
    TemplateConsequence.objects.bulk_create(
        TemplateConsequence(version=draft, kind=row.kind) for row in source.consequences.all()
    )
    TemplateConsequenceDefault.objects.bulk_create(
        TemplateConsequenceDefault(version=draft, rating_value=row.rating_value, kind=row.kind)
        for row in source.consequence_defaults.all()
    )
    for form in source.talk_forms.prefetch_related("sections__questions"):
        copy = TalkForm.objects.create(
            template_version=draft, talk=form.talk, title=form.title, introduction=form.introduction
        )
        for section in form.sections.all():
            section_copy = TalkFormSection.objects.create(form=copy, title=section.title, order=section.order)
            TalkQuestion.objects.bulk_create(
                TalkQuestion(
                    section=section_copy,
                    order=question.order,
                    text=question.text,
                    help_text=question.help_text,
                    kind=question.kind,
                    options=list(question.options),
                    answered_by=question.answered_by,
                    required=question.required,
                )
                for question in section.questions.all()
            )
    CycleTemplateEvent.record(
        version=draft,
        actor=actor,
        kind=CycleTemplateEvent.Kind.DRAFT_CREATED,
        payload={"from_version": source.number},
    )
    return draft


@transaction.atomic
def cycle_template_version_update(
    *, version: CycleTemplateVersion, actor: AbstractBaseUser, **shape
) -> CycleTemplateVersion:
    """Change the draft ``version``'s shape: keyword arguments of ``SHAPE_FIELDS`` (``rating_scale`` a
    ``RatingScale`` or None; ``signature_options`` a list of "seen"/"agreed"; ``due_offsets`` a dict of
    ``DUE_DATE_FIELDS`` → months). Whether the shape can finish is checked at publish, not here, so HR
    may save a half-made shape.

    ``PublishedIsImmutableError`` (409 on the page) for a published version; ``ValidationError`` (400) on a
    field outside its bounds (the model's validators) or an unknown field. Audited: ``SHAPE_CHANGED``
    with the fields changed (nothing changed: no event).
    """
    unknown = set(shape) - set(SHAPE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown settings: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    version = _locked_draft(version)
    changed = [field for field, value in shape.items() if getattr(version, field) != value]
    if not changed:
        return version
    for field in changed:
        setattr(version, field, shape[field])
    version.full_clean(exclude=["template", "number", "status", "published_at"])
    version.save()
    CycleTemplateEvent.record(
        version=version,
        actor=actor,
        kind=CycleTemplateEvent.Kind.SHAPE_CHANGED,
        payload={"fields": sorted(changed)},
    )
    return version


def consequences_as_data(version: CycleTemplateVersion) -> dict:
    """``version``'s consequences as the audit holds them: ``{"allowed": [kind, …], "defaults": {"rating
    value": [kind, …]}}``, kinds in ``ConsequenceKind`` order, ratings without a default left out."""
    allowed = {row.kind for row in version.consequences.all()}
    defaults: dict[int, set[str]] = {}
    for row in version.consequence_defaults.all():
        defaults.setdefault(row.rating_value, set()).add(row.kind)
    return _consequence_data(allowed, defaults)


def _consequence_data(allowed, defaults: dict) -> dict:
    def ordered(kinds) -> list[str]:
        return [kind for kind in ConsequenceKind.values if kind in set(kinds)]

    return {
        "allowed": ordered(allowed),
        "defaults": {str(value): ordered(kinds) for value, kinds in sorted(defaults.items()) if kinds},
    }


@transaction.atomic
def template_consequences_update(
    *,
    version: CycleTemplateVersion,
    actor: AbstractBaseUser,
    allowed: list[str],
    defaults: dict[int, list[str]],
) -> CycleTemplateVersion:
    """Set the consequences of the appraisal the draft ``version`` allows (``allowed``: ``ConsequenceKind``
    values) and the ones the manager proposes by default per overall rating (``defaults``: rating value
    → kinds; a rating left out or empty has none). Replaces what the version had.

    ``ValidationError`` (400): on ``allowed`` for an unknown kind, or any consequence while the shape has
    no scores (there is no overall rating to follow from); on ``default_<rating value>`` for a default
    not allowed, kinds that exclude each other (``EXCLUSIVE_KINDS``) or a rating that is not a point of
    the version's rating scale (``shapes.rules.default_problems``, the rules publish applies too).
    ``PublishedIsImmutableError`` (409 on the page) for a published version. Audited: ``SHAPE_CHANGED``
    with ``fields: ["consequences"]`` and ``old`` and ``new`` (``consequences_as_data``); nothing
    changed: no event.
    """
    version = _locked_draft(version)
    if any(kind not in ConsequenceKind.values for kind in allowed):
        raise ValidationError({"allowed": _("This is not a known kind of consequence.")})
    defaults = {int(value): list(kinds) for value, kinds in defaults.items() if kinds}
    if (allowed or defaults) and not version.has_scores:
        raise ValidationError(
            {"allowed": _("Consequences follow from the overall rating: they need an appraisal with scores.")}
        )
    scale = (
        set(version.rating_scale.options.values_list("value", flat=True))
        if version.rating_scale_id
        else set()
    )
    errors: dict[str, list[str]] = {}
    for value, message in default_problems(allowed=set(allowed), defaults=defaults, scale_values=scale):
        errors.setdefault(f"default_{value}", []).append(message)
    if errors:
        raise ValidationError(errors)
    old = consequences_as_data(version)
    new = _consequence_data(allowed, defaults)
    if old == new:
        return version
    version.consequences.all().delete()
    version.consequence_defaults.all().delete()
    TemplateConsequence.objects.bulk_create(
        TemplateConsequence(version=version, kind=kind) for kind in new["allowed"]
    )
    TemplateConsequenceDefault.objects.bulk_create(
        TemplateConsequenceDefault(version=version, rating_value=int(value), kind=kind)
        for value, kinds in new["defaults"].items()
        for kind in kinds
    )
    CycleTemplateEvent.record(
        version=version,
        actor=actor,
        kind=CycleTemplateEvent.Kind.SHAPE_CHANGED,
        payload={"fields": ["consequences"], "old": old, "new": new},
    )
    return version
