"""One list of what makes a regeling version's shape (``SHAPE_FIELDS``): every field of the model that is
not bookkeeping is on it, so HR's page, the copy into a new draft and the API never miss one (the page
once lacked *talk reports signed*, added after the page was built)."""

import pytest

from reviewcycle.apis.templates import CycleTemplateVersionSerializer
from reviewcycle.forms.regelingen import ShapeForm
from reviewcycle.models import DUE_DATE_FIELDS, SHAPE_FIELDS, CycleTemplate, CycleTemplateVersion
from reviewcycle.shapes.editing import cycle_template_draft_create

BOOKKEEPING = {"id", "template", "number", "status", "published_at", "created_at", "updated_at"}


def test_every_field_of_a_version_that_is_not_bookkeeping_is_a_shape_field():
    concrete = {field.name for field in CycleTemplateVersion._meta.concrete_fields}
    assert concrete - BOOKKEEPING == set(SHAPE_FIELDS)


def test_the_api_shows_every_shape_field():
    assert set(SHAPE_FIELDS) <= set(CycleTemplateVersionSerializer().fields)


@pytest.mark.django_db
def test_the_page_offers_every_shape_field():
    template = CycleTemplate.objects.create(slug="eigen", name="Eigen")
    version = CycleTemplateVersion.objects.create(template=template, number=1)
    offered = set(ShapeForm(instance=version).fields)
    due_dates = {"due_offsets"} if set(DUE_DATE_FIELDS) <= offered else set()
    assert set(SHAPE_FIELDS) <= offered | due_dates


@pytest.mark.django_db
def test_a_new_draft_copies_every_shape_field(org):
    from reviewcycle.shapes.services import cycle_templates_load_builtin

    cycle_templates_load_builtin()
    source = CycleTemplateVersion.objects.get(template__slug="goede-gesprekken", status="published")
    draft = cycle_template_draft_create(version=source, actor=org.hr)
    assert {field: getattr(draft, field) for field in SHAPE_FIELDS} == {
        field: getattr(source, field) for field in SHAPE_FIELDS
    }
