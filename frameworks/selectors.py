"""Reads about frameworks, above all: which competencies, at which level, are expected of an employee?"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from frameworks.document import FORMAT, Document, merge_documents
from frameworks.importers.base import normalise_for_match
from frameworks.models import (
    Competency,
    Framework,
    FrameworkVersion,
    Indicator,
    JobProfile,
    JobProfileCompetency,
    ProficiencyLevel,
    RatingOption,
    RatingScale,
    RoleType,
)


def current_version(*, framework: Framework) -> FrameworkVersion | None:
    """The newest published version: what new cycles use."""
    return framework.versions.filter(status=FrameworkVersion.Status.PUBLISHED).order_by("-number").first()


def framework_free_slug(*, base: str) -> str:
    """``base`` when no framework has that code yet, else ``base-2``, ``base-3``, … (the first free one)."""
    base = base[:76].strip("-") or "kader"
    taken = set(Framework.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    return next(f"{base}-{number}" for number in range(2, len(taken) + 3) if f"{base}-{number}" not in taken)


def framework_import_base(*, framework: Framework | None) -> FrameworkVersion | None:
    """The version an import into ``framework`` adds to: its draft, else its newest version (the
    draft an import starts is a copy of it). None for no framework or one without versions."""
    if framework is None:
        return None
    versions = framework.versions.order_by("-number")
    return versions.filter(status=FrameworkVersion.Status.DRAFT).first() or versions.first()


def known_competencies(*, version: FrameworkVersion | None) -> dict[str, str]:
    """``{normalised definition: name}`` of the version's competencies: an import names a competency
    whose export lost its name but kept its definition after the one already in the framework."""
    if version is None:
        return {}
    return {
        normalise_for_match(definition): name
        for name, definition in version.competencies.exclude(definition="").values_list("name", "definition")
    }


def framework_merge_notes(*, document: Document, framework: Framework | None) -> list[str]:
    """What adding ``document`` to ``framework`` would do, in the active language, before anything is
    stored (``merge_documents``' notes: competencies already there by name, twins by definition)."""
    base = framework_import_base(framework=framework)
    if base is None:
        return []
    notes: list[str] = []
    merge_documents(version_document(version=base), document, notes)
    return notes


def frameworks_published() -> QuerySet[Framework]:
    """Frameworks with at least one published version (what a new cycle can use)."""
    return Framework.objects.filter(versions__status=FrameworkVersion.Status.PUBLISHED).distinct()


def competencies_with_content(
    *, version: FrameworkVersion, with_talk_aids: bool = True
) -> QuerySet[Competency]:
    """Competencies with levels and indicators (and interview questions and tips unless told not to)."""
    prefetches = [
        Prefetch("levels", queryset=ProficiencyLevel.objects.order_by("number")),
        Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id")),
    ]
    if with_talk_aids:
        prefetches += ["interview_questions", "development_tips"]
    return Competency.objects.filter(version=version).order_by("order", "id").prefetch_related(*prefetches)


def version_document(*, version: FrameworkVersion) -> Document:
    """The version as a canonical document (what ``manage.py framework export`` writes)."""
    competencies = list(competencies_with_content(version=version))
    key_of = {competency.pk: competency.key for competency in competencies}
    role_types = (
        RoleType.objects.filter(version=version).prefetch_related("expected_levels").order_by("order", "id")
    )
    profiles = (
        JobProfile.objects.filter(version=version)
        .order_by("order", "id")
        .prefetch_related("result_areas", "levels", "profile_competencies")
    )
    return {
        "format": FORMAT,
        "framework": {
            "slug": version.framework.slug,
            "name": version.framework.name,
            "description": version.framework.description,
        },
        "source": version.source,
        "notes": version.notes,
        "competencies": [
            {
                "key": competency.key,
                "name": competency.name,
                "definition": competency.definition,
                "explanation": competency.explanation,
                "base_behaviour": competency.base_behaviour,
                "levels": [
                    {
                        "number": level.number,
                        "summary": level.summary,
                        "indicators": [i.text for i in competency.indicators.all() if i.level_id == level.pk],
                    }
                    for level in competency.levels.all()
                ],
                "indicators": [i.text for i in competency.indicators.all() if i.level_id is None],
                "interview_questions": [question.text for question in competency.interview_questions.all()],
                "development_tips": [tip.text for tip in competency.development_tips.all()],
            }
            for competency in competencies
        ],
        "role_types": [
            {
                "family": role_type.family,
                "grade": role_type.grade,
                "default_level": role_type.default_level,
                "expected_levels": {
                    key_of[override.competency_id]: override.level
                    for override in role_type.expected_levels.all()
                },
            }
            for role_type in role_types
        ],
        "job_profiles": [
            {
                "key": profile.key,
                "title": profile.title,
                "family": profile.family,
                "description": profile.description,
                "purpose": profile.purpose,
                "work_and_thinking_level": profile.work_and_thinking_level,
                "knowledge": list(profile.knowledge),
                "result_areas": [
                    {
                        "title": area.title,
                        "frame": area.frame,
                        "result": area.result,
                        "activities": area.activities,
                    }
                    for area in profile.result_areas.all()
                ],
                "competencies": [key_of[link.competency_id] for link in profile.profile_competencies.all()],
                "levels": [
                    {"level": level.level, "salary_scale": level.salary_scale}
                    for level in profile.levels.all()
                ],
            }
            for profile in profiles
        ],
    }


# --- the expected profile --------------------------------------------------------------------


class AssignedEmployee(Protocol):
    """What ``expected_profile`` needs of an employee (people.Employee has it)."""

    pk: int
    role_type: RoleType | None
    job_profile: JobProfile | None
    job_profile_level: int | None


@dataclass(frozen=True)
class ExpectedCompetency:
    """One competency an employee is assessed on, at the level their cell or profile fixes."""

    competency: Competency
    expected_level: int | None  # None: a job-profile competency, whose indicators have no levels
    level_summary: str = ""
    indicators: list[Indicator] = field(default_factory=list)
    next_level_indicators: list[Indicator] = field(default_factory=list)


def expected_profiles_for(
    *, employees: Iterable[AssignedEmployee], framework_version: FrameworkVersion
) -> dict[int, list[ExpectedCompetency]]:
    """``expected_profile`` for many employees at once, in a fixed number of queries.

    An employee's role-type cell or job profile may have been assigned from another version
    of the framework; it is matched in ``framework_version`` by its natural key (family and
    grade, or profile key). Employees without a match get an empty list.
    """
    employees = list(employees)
    competencies = list(competencies_with_content(version=framework_version, with_talk_aids=False))
    by_id = {competency.pk: competency for competency in competencies}

    wanted_cells = {(e.role_type.family, e.role_type.grade) for e in employees if e.role_type is not None}
    cells = {}
    if wanted_cells:
        for role_type in RoleType.objects.filter(version=framework_version).prefetch_related(
            "expected_levels"
        ):
            if (role_type.family, role_type.grade) in wanted_cells:
                cells[role_type.family, role_type.grade] = role_type

    wanted_profiles = {e.job_profile.key for e in employees if e.job_profile is not None}
    profiles = {}
    if wanted_profiles:
        profiles = {
            profile.key: profile
            for profile in JobProfile.objects.filter(
                version=framework_version, key__in=wanted_profiles
            ).prefetch_related(
                Prefetch(
                    "profile_competencies", queryset=JobProfileCompetency.objects.order_by("order", "id")
                )
            )
        }

    profile_cache: dict[tuple, list[ExpectedCompetency]] = {}
    result = {}
    for employee in employees:
        if employee.role_type is not None:
            cell = cells.get((employee.role_type.family, employee.role_type.grade))
            cache_key = ("cell", cell.pk if cell else None)
            if cache_key not in profile_cache:
                profile_cache[cache_key] = _cell_profile(cell, competencies) if cell else []
        elif employee.job_profile is not None:
            profile = profiles.get(employee.job_profile.key)
            cache_key = ("profile", profile.pk if profile else None)
            if cache_key not in profile_cache:
                profile_cache[cache_key] = _job_profile_profile(profile, by_id) if profile else []
        else:
            cache_key = ("none",)
            profile_cache.setdefault(cache_key, [])
        result[employee.pk] = profile_cache[cache_key]
    return result


def expected_profile(
    *, employee: AssignedEmployee, framework_version: FrameworkVersion
) -> list[ExpectedCompetency]:
    """Per competency: the expected level, its indicators and those of the next level."""
    return expected_profiles_for(employees=[employee], framework_version=framework_version)[employee.pk]


def _indicators_by_level(competency: Competency) -> dict[int | None, list[Indicator]]:
    number_of = {level.pk: level.number for level in competency.levels.all()}
    grouped = defaultdict(list)
    for indicator in competency.indicators.all():
        grouped[number_of.get(indicator.level_id)].append(indicator)
    return grouped


def expected_level(*, default_level: int, override: int | None, level_count: int) -> int:
    """The level a cell expects of one competency: its override, else the cell's default, at most the top level."""
    return min(override if override is not None else default_level, level_count)


def _cell_profile(cell: RoleType, competencies: list[Competency]) -> list[ExpectedCompetency]:
    overrides = {override.competency_id: override.level for override in cell.expected_levels.all()}
    profile = []
    for competency in competencies:
        levels = {level.number: level for level in competency.levels.all()}
        if not levels:
            continue
        expected = expected_level(
            default_level=cell.default_level, override=overrides.get(competency.pk), level_count=max(levels)
        )
        grouped = _indicators_by_level(competency)
        profile.append(
            ExpectedCompetency(
                competency=competency,
                expected_level=expected,
                level_summary=levels[expected].summary,
                indicators=grouped.get(expected, []),
                next_level_indicators=grouped.get(expected + 1, []),
            )
        )
    return profile


def _job_profile_profile(
    profile: JobProfile, competencies_by_id: dict[int, Competency]
) -> list[ExpectedCompetency]:
    expected = []
    for link in profile.profile_competencies.all():
        competency = competencies_by_id[link.competency_id]
        expected.append(
            ExpectedCompetency(
                competency=competency,
                expected_level=None,
                indicators=[
                    indicator for indicator in competency.indicators.all() if indicator.level_id is None
                ],
            )
        )
    return expected


def role_type_lookup(*, version: FrameworkVersion) -> dict[str, RoleType]:
    """Cells by their display name ("Dienstverlener B"), case-insensitive, for importers."""
    return {role_type.name.casefold(): role_type for role_type in RoleType.objects.filter(version=version)}


# --- what the API lists, with the ids the writes take (a cycle's framework version and scale) ---


def versions_published() -> QuerySet[FrameworkVersion]:
    """Every published version (what a new cycle may use) with its framework, each with ``is_current``
    (no newer published version of its framework: what a new cycle uses by default); by framework name,
    newest first. Drafts are HR's work in the admin and are never listed."""
    newer = FrameworkVersion.objects.filter(
        framework=OuterRef("framework"),
        status=FrameworkVersion.Status.PUBLISHED,
        number__gt=OuterRef("number"),
    )
    return (
        FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED)
        .select_related("framework")
        .annotate(is_current=~Exists(newer))
        .order_by("framework__name", "framework_id", "-number")
    )


def version_contents(*, version: FrameworkVersion) -> dict:
    """The ids of what ``version`` holds: ``{"competencies", "role_types", "job_profiles"}``, each a list
    in the version's order (job profiles with their ``levels`` prefetched). Three queries and one for the
    profiles' levels."""
    return {
        "competencies": list(version.competencies.order_by("order", "id")),
        "role_types": list(version.role_types.order_by("order", "id")),
        "job_profiles": list(version.job_profiles.order_by("order", "id").prefetch_related("levels")),
    }


def rating_scales() -> QuerySet[RatingScale]:
    """Every rating scale with its options (lowest first) prefetched, by name: a cycle takes one by code."""
    return RatingScale.objects.prefetch_related(
        Prefetch("options", queryset=RatingOption.objects.order_by("value"))
    ).order_by("name", "id")
