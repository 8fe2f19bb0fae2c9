"""HR of the whole organisation (``org.hr``) making regelingen on the pages, from the built-in ones."""

from reviewcycle.models import CycleTemplate, CycleTemplateVersion
from reviewcycle.shapes.editing import cycle_template_draft_create
from reviewcycle.shapes.services import current_template_version


def published(slug: str = "gemeentelijk") -> CycleTemplateVersion:
    return current_template_version(CycleTemplate.objects.get(slug=slug))


def draft_of(slug: str = "gemeentelijk", actor=None) -> CycleTemplateVersion:
    return cycle_template_draft_create(version=published(slug), actor=actor)
