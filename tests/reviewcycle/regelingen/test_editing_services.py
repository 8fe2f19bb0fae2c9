"""The services behind HR's regeling pages: a draft copies its published version whole, only a draft
changes, a question is checked, moved and deleted, and every change is audited."""

import pytest
from django.core.exceptions import ValidationError

from reviewcycle.models import CycleTemplateEvent, CycleTemplateVersion, TalkQuestion
from reviewcycle.shapes.editing import (
    PublishedIsImmutableError,
    cycle_template_create,
    cycle_template_draft_create,
    cycle_template_version_update,
)
from reviewcycle.shapes.services import cycle_template_version_publish
from reviewcycle.talk_forms.editing import (
    talk_form_add,
    talk_form_section_add,
    talk_question_delete,
    talk_question_move,
    talk_question_save,
)
from tests.reviewcycle.regelingen.helpers import draft_of, published

pytestmark = pytest.mark.django_db


def questions(version) -> list[tuple]:
    return list(
        TalkQuestion.objects.filter(section__form__template_version=version)
        .order_by("section__form__talk", "section__order", "order")
        .values_list(
            "section__form__talk", "section__title", "text", "kind", "options", "answered_by", "required"
        )
    )


def test_a_new_draft_copies_shape_consequences_and_forms_and_leaves_the_source_alone(builtin, org):
    source = published()
    before = questions(source)
    draft = cycle_template_draft_create(version=source, actor=org.hr)
    assert (draft.number, draft.status) == (2, CycleTemplateVersion.Status.DRAFT)
    assert questions(draft) == before
    assert before
    assert draft.signature_options == source.signature_options
    assert draft.rating_scale_id == source.rating_scale_id
    assert sorted(draft.consequences.values_list("kind", flat=True)) == sorted(
        source.consequences.values_list("kind", flat=True)
    )
    assert draft.consequence_defaults.count() == source.consequence_defaults.count() > 0
    assert questions(source) == before
    event = draft.events.get()
    assert (event.kind, event.actor, event.payload) == (
        CycleTemplateEvent.Kind.DRAFT_CREATED,
        org.hr,
        {"from_version": 1},
    )
    with pytest.raises(ValidationError, match="already has a draft"):
        cycle_template_draft_create(version=source, actor=org.hr)


def test_a_new_regeling_starts_as_a_draft_with_a_code_made_from_its_name(builtin, org):
    version = cycle_template_create(actor=org.hr, name="Regeling Hogeschool", description="Eigen")
    assert (version.template.slug, version.number, version.is_editable) == ("regeling-hogeschool", 1, True)
    assert version.events.get().kind == CycleTemplateEvent.Kind.TEMPLATE_CREATED
    with pytest.raises(ValidationError) as taken:
        cycle_template_create(actor=org.hr, name="Nog een", slug="regeling-hogeschool")
    assert "slug" in taken.value.message_dict


def test_only_a_draft_changes(builtin, org):
    source = published()
    with pytest.raises(PublishedIsImmutableError):
        cycle_template_version_update(version=source, actor=org.hr, min_progress_talks=3)
    form = source.talk_forms.first()
    with pytest.raises(PublishedIsImmutableError):
        talk_form_section_add(form=form, actor=org.hr, title="Extra")
    question = TalkQuestion.objects.filter(section__form=form).first()
    with pytest.raises(PublishedIsImmutableError):
        talk_question_delete(question=question, actor=org.hr)
    with pytest.raises(PublishedIsImmutableError):
        talk_question_move(question=question, actor=org.hr, up=False)
    assert TalkQuestion.objects.filter(pk=question.pk).exists()


def test_the_shape_of_a_draft_changes_and_is_audited_with_the_fields(builtin, org):
    draft = draft_of(actor=org.hr)
    cycle_template_version_update(version=draft, actor=org.hr, min_progress_talks=2, has_advice=False)
    draft.refresh_from_db()
    assert draft.min_progress_talks == 2
    event = draft.events.get(kind=CycleTemplateEvent.Kind.SHAPE_CHANGED)
    assert event.payload == {"fields": ["min_progress_talks"]}
    with pytest.raises(ValidationError) as refused:
        cycle_template_version_update(version=draft, actor=org.hr, response_term_days=0)
    assert "response_term_days" in refused.value.message_dict


def test_a_choice_needs_two_options_and_a_question_is_added_reworded_and_moved(builtin, org):
    draft = draft_of(actor=org.hr)
    section = draft.talk_forms.get(talk="planning").sections.first()
    with pytest.raises(ValidationError) as refused:
        talk_question_save(
            section=section,
            actor=org.hr,
            text="Hoe gaat het?",
            kind="choice",
            answered_by="employee",
            options=["Goed"],
        )
    assert "two options" in refused.value.message_dict["options"][0]
    added = talk_question_save(
        section=section,
        actor=org.hr,
        text="Hoe gaat het?",
        kind="choice",
        answered_by="employee",
        options=["Goed", " Matig ", ""],
        required=True,
    )
    assert added.options == ["Goed", "Matig"]
    assert list(section.questions.order_by("order"))[-1] == added
    with pytest.raises(ValidationError) as refused:  # options for a yes or no are refused, not dropped
        talk_question_save(
            section=section,
            actor=org.hr,
            question=added,
            text="Hoe gaat het nu?",
            kind="yes_no",
            answered_by="manager",
            options=["Goed", "Matig"],
        )
    assert "no options" in refused.value.message_dict["options"][0]
    talk_question_save(
        section=section,
        actor=org.hr,
        question=added,
        text="Hoe gaat het nu?",
        kind="yes_no",
        answered_by="manager",
        options=[],
    )
    added.refresh_from_db()
    assert (added.text, added.kind, added.options, added.answered_by) == (
        "Hoe gaat het nu?",
        "yes_no",
        [],
        "manager",
    )
    talk_question_move(question=added, actor=org.hr, up=True)
    order = list(section.questions.order_by("order").values_list("pk", flat=True))
    assert order[-2] == added.pk
    actions = [
        event.payload["action"] for event in draft.events.filter(kind=CycleTemplateEvent.Kind.FORM_CHANGED)
    ]
    assert actions == ["add_question", "change_question", "move_question"]


def test_a_form_for_a_talk_without_one_and_publishing_the_draft(builtin, org):
    draft = draft_of("twee-gesprekken", actor=org.hr)
    missing = {"planning", "progress", "appraisal"} - set(draft.talk_forms.values_list("talk", flat=True))
    talk = sorted(missing)[0] if missing else None
    if talk:
        form = talk_form_add(version=draft, talk=talk, actor=org.hr)
        assert form.sections.count() == 1
        with pytest.raises(ValidationError):
            talk_form_add(version=draft, talk=talk, actor=org.hr)
    cycle_template_version_publish(version=draft, actor=org.hr)
    assert draft.events.filter(kind=CycleTemplateEvent.Kind.VERSION_PUBLISHED).exists()
