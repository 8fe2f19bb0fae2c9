"""Reading the regelingen for HR's pages: the list with every version, and one version with its forms."""

from django.db.models import Count, Prefetch, QuerySet

from reviewcycle.models import CycleTemplate, CycleTemplateVersion, TalkForm, TalkFormSection, TalkQuestion


def regelingen_overview() -> QuerySet[CycleTemplate]:
    """Every regeling by name, each with all its versions newest first (``versions``), each version with
    ``cycle_count``: how many cycles run on it. Two queries however many there are."""
    versions = CycleTemplateVersion.objects.annotate(cycle_count=Count("cycles")).order_by("-number")
    return CycleTemplate.objects.prefetch_related(Prefetch("versions", queryset=versions)).order_by("name")


def template_version_detail(*, pk: int) -> CycleTemplateVersion:
    """One version with its regeling, rating scale (its options), consequences and talk forms (sections and questions in order)
    prefetched; ``DoesNotExist`` when there is none."""
    return (
        CycleTemplateVersion.objects.select_related("template", "rating_scale")
        .annotate(cycle_count=Count("cycles"))
        .prefetch_related(
            "consequences",
            "consequence_defaults",
            "rating_scale__options",
            Prefetch(
                "talk_forms",
                queryset=TalkForm.objects.prefetch_related(
                    Prefetch(
                        "sections",
                        queryset=TalkFormSection.objects.order_by("order", "id").prefetch_related(
                            Prefetch("questions", queryset=TalkQuestion.objects.order_by("order", "id"))
                        ),
                    )
                ),
            ),
        )
        .get(pk=pk)
    )
