"""Writes to frameworks: import a document, merge a text import into a draft, publish, start a new draft."""

from pathlib import Path

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from frameworks.document import (
    Document,
    merge_documents,
    normalise_document,
    parse_document_text,
    validate_document,
)
from frameworks.models import (
    Competency,
    DevelopmentTip,
    ExpectedLevel,
    Framework,
    FrameworkEvent,
    FrameworkVersion,
    Indicator,
    InterviewQuestion,
    JobProfile,
    JobProfileCompetency,
    JobProfileLevel,
    ProficiencyLevel,
    RatingOption,
    RatingScale,
    ResultArea,
    RoleType,
)
from frameworks.selectors import current_version, framework_free_slug, version_document

BUILTIN_DATA_DIR = Path(__file__).resolve().parent / "data"

# (slug, name, [(label, meets the norm)]) from low to high; the first is the default.
BUILTIN_RATING_SCALES = [
    (
        "vijfpuntsschaal",
        "Vijfpuntsschaal (gemeentelijk)",
        [("onvoldoende", False), ("matig", False), ("goed", True), ("zeer goed", True), ("uitstekend", True)],
    ),
    ("rijksoverheid", "Rijksoverheid (− tot ++)", [("−", False), ("+/-", False), ("+", True), ("++", True)]),
    (
        "waterschap",
        "Waterschap (driepuntsschaal)",
        [("onvoldoende", False), ("nog te ontwikkelen", False), ("goed", True)],
    ),
]
DEFAULT_RATING_SCALE_SLUG = BUILTIN_RATING_SCALES[0][0]


def _require_draft(version: FrameworkVersion) -> None:
    if not version.is_editable:
        raise ValidationError(
            _("Version %(number)s of %(framework)s is published and can no longer change; start a new draft.")
            % {"number": version.number, "framework": version.framework.name},
            code="published_is_immutable",
        )


def _write_document(version: FrameworkVersion, document: Document) -> None:
    """Replace the content of a draft version with ``document`` (bulk inserts, a fixed number of queries)."""
    _require_draft(version)
    document = normalise_document(document)
    version.competencies.all().delete()
    version.role_types.all().delete()
    version.job_profiles.all().delete()
    version.source = document["source"]
    version.notes = document["notes"]
    version.save(update_fields=["source", "notes", "updated_at"])

    competencies = Competency.objects.bulk_create(
        [
            Competency(
                version=version,
                key=item["key"],
                name=item["name"],
                definition=item["definition"],
                explanation=item["explanation"],
                base_behaviour=item["base_behaviour"],
                order=order,
            )
            for order, item in enumerate(document["competencies"])
        ]
    )
    by_key = {competency.key: competency for competency in competencies}
    levels = ProficiencyLevel.objects.bulk_create(
        [
            ProficiencyLevel(competency=competency, number=level["number"], summary=level["summary"])
            for competency, item in zip(competencies, document["competencies"], strict=True)
            for level in item["levels"]
        ]
    )
    level_of = {(level.competency_id, level.number): level for level in levels}
    indicators, questions, tips = [], [], []
    for competency, item in zip(competencies, document["competencies"], strict=True):
        for level in item["levels"]:
            indicators += [
                Indicator(
                    competency=competency, level=level_of[competency.pk, level["number"]], text=text, order=n
                )
                for n, text in enumerate(level["indicators"])
            ]
        indicators += [
            Indicator(competency=competency, text=text, order=n) for n, text in enumerate(item["indicators"])
        ]
        questions += [
            InterviewQuestion(competency=competency, text=text, order=n)
            for n, text in enumerate(item["interview_questions"])
        ]
        tips += [
            DevelopmentTip(competency=competency, text=text, order=n)
            for n, text in enumerate(item["development_tips"])
        ]
    Indicator.objects.bulk_create(indicators)
    InterviewQuestion.objects.bulk_create(questions)
    DevelopmentTip.objects.bulk_create(tips)

    role_types = RoleType.objects.bulk_create(
        [
            RoleType(
                version=version,
                family=item["family"],
                grade=item["grade"],
                default_level=item["default_level"],
                order=order,
            )
            for order, item in enumerate(document["role_types"])
        ]
    )
    ExpectedLevel.objects.bulk_create(
        [
            ExpectedLevel(role_type=role_type, competency=by_key[key], level=level)
            for role_type, item in zip(role_types, document["role_types"], strict=True)
            for key, level in item["expected_levels"].items()
        ]
    )

    profiles = JobProfile.objects.bulk_create(
        [
            JobProfile(
                version=version,
                key=item["key"],
                title=item["title"],
                family=item["family"],
                description=item["description"],
                purpose=item["purpose"],
                work_and_thinking_level=item["work_and_thinking_level"],
                knowledge=item["knowledge"],
                order=order,
            )
            for order, item in enumerate(document["job_profiles"])
        ]
    )
    pairs = list(zip(profiles, document["job_profiles"], strict=True))
    ResultArea.objects.bulk_create(
        [
            ResultArea(
                job_profile=profile,
                title=area["title"],
                frame=area["frame"],
                result=area["result"],
                activities=area["activities"],
                order=n,
            )
            for profile, item in pairs
            for n, area in enumerate(item["result_areas"])
        ]
    )
    JobProfileCompetency.objects.bulk_create(
        [
            JobProfileCompetency(job_profile=profile, competency=by_key[key], order=n)
            for profile, item in pairs
            for n, key in enumerate(item["competencies"])
        ]
    )
    JobProfileLevel.objects.bulk_create(
        [
            JobProfileLevel(job_profile=profile, level=level["level"], salary_scale=level["salary_scale"])
            for profile, item in pairs
            for level in item["levels"]
        ]
    )


def _draft_for(framework: Framework) -> FrameworkVersion:
    """The framework's draft; a new one (a copy of the current published version) when there is none."""
    draft = FrameworkVersion.objects.select_for_update().filter(framework=framework, status="draft").first()
    if draft is not None:
        return draft
    published = current_version(framework=framework)
    number = (framework.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    draft = FrameworkVersion.objects.create(framework=framework, number=number)
    if published is not None:
        _write_document(draft, version_document(version=published))
    return draft


def _framework_from(document: Document, slug: str | None, name: str | None) -> Framework:
    slug = slug or document["framework"]["slug"]
    framework, created = Framework.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name or document["framework"]["name"] or slug,
            "description": document["framework"]["description"],
        },
    )
    if not created and name and framework.name != name:
        framework.name = name
        framework.save(update_fields=["name", "updated_at"])
    return framework


@transaction.atomic
def framework_import_document(
    *, document: Document, slug: str | None = None, name: str | None = None
) -> FrameworkVersion:
    """Make ``document`` the content of the framework's draft (a new version, or the existing draft replaced)."""
    validate_document(document)
    document = normalise_document(document)
    framework = _framework_from(document, slug, name)
    draft = _draft_for(framework)
    _write_document(draft, document)
    return draft


@transaction.atomic
def framework_merge_into_draft(
    *, document: Document, slug: str | None = None, name: str | None = None, notes: list[str] | None = None
) -> FrameworkVersion:
    """Add a text import to the framework's draft: the same competency in two profiles stays one competency.

    ``notes`` (when given) receives what the merge did that the importer should be told
    (``merge_documents``): competencies already there, levels kept, twin definitions.
    """
    validate_document(document)
    framework = _framework_from(normalise_document(document), slug, name)
    draft = _draft_for(framework)
    merged = merge_documents(version_document(version=draft), document, notes)
    merged["framework"].update(slug=framework.slug, name=framework.name)
    validate_document(merged)
    _write_document(draft, merged)
    return draft


@transaction.atomic
def framework_import_reviewed(
    *,
    document: Document,
    framework: Framework | None,
    actor: AbstractBaseUser | None,
    filename: str = "",
    format: str = "",
    import_key: str = "",
) -> FrameworkVersion:
    """Store a document HR checked in the import preview, as a draft: of a new framework (named after
    the document, under a free code) when ``framework`` is None, else added to ``framework``'s draft
    (``framework_merge_into_draft``). Audited: one ``FrameworkEvent`` (``DOCUMENT_IMPORTED``) with
    the file's name, its format and what it held. Nothing is published: the draft is checked and
    published as any other.

    ``import_key`` (at most 64 characters) names this exact import (the preview, its corrections and
    its target): the same key again, a double click, stores nothing more and returns the version the
    first one made.

    Raises ``DocumentError`` (400) for a document that is not a valid framework, and
    ``ValidationError`` (400, on ``framework_name``) for a new framework under the name of one that
    exists: two frameworks of one name cannot be told apart where a cycle chooses one.
    """
    if import_key:
        done = (
            FrameworkEvent.objects.filter(
                kind=FrameworkEvent.Kind.DOCUMENT_IMPORTED, payload__import=import_key
            )
            .select_related("version__framework")
            .first()
        )
        if done is not None:
            return done.version
    validate_document(document)
    document = normalise_document(document)
    if framework is None:
        slug = framework_free_slug(base=document["framework"]["slug"])
        name = document["framework"]["name"]
        if Framework.objects.filter(name__iexact=name).exists():
            raise ValidationError(
                {
                    "framework_name": _(
                        "A framework called %(name)s exists already: give the new one another name, "
                        "or add the document to that framework."
                    )
                    % {"name": name}
                },
                code="framework_name_taken",
            )
    else:
        slug, name = framework.slug, None
    version = framework_merge_into_draft(document=document, slug=slug, name=name)
    FrameworkEvent.record(
        version=version,
        actor=actor,
        kind=FrameworkEvent.Kind.DOCUMENT_IMPORTED,
        payload={
            "framework": version.framework.slug,
            "number": version.number,
            "file": filename[:200],
            "format": format,
            "competencies": len(document["competencies"]),
            "job_profiles": len(document["job_profiles"]),
            "role_types": len(document["role_types"]),
            "import": import_key[:64],
        },
    )
    return version


@transaction.atomic
def framework_version_publish(
    *, version: FrameworkVersion, actor: AbstractBaseUser | None
) -> FrameworkVersion:
    """Publish a draft ``version``: it never changes again, cycles may use it. Audited: one
    ``FrameworkEvent`` (``VERSION_PUBLISHED``) with ``actor`` (None: the system, a command).

    Raises ``ValidationError`` (400) for a version already published or one without competencies.
    """
    version = FrameworkVersion.objects.select_for_update().select_related("framework").get(pk=version.pk)
    _require_draft(version)
    if not version.competencies.exists():
        raise ValidationError(_("A version without competencies cannot be published."), code="empty_version")
    version.status = FrameworkVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at", "updated_at"])
    FrameworkEvent.record(
        version=version,
        actor=actor,
        kind=FrameworkEvent.Kind.VERSION_PUBLISHED,
        payload={"framework": version.framework.slug, "number": version.number},
    )
    return version


@transaction.atomic
def framework_version_new_draft(*, framework: Framework) -> FrameworkVersion:
    """Start editing: the draft (a copy of the current published version), created when missing."""
    Framework.objects.select_for_update().get(pk=framework.pk)
    return _draft_for(framework)


@transaction.atomic
def rating_scales_load_builtin() -> list[RatingScale]:
    """The built-in rating scales with their options (created once; an existing scale is left as it is)."""
    scales = []
    for slug, name, options in BUILTIN_RATING_SCALES:
        scale, created = RatingScale.objects.get_or_create(slug=slug, defaults={"name": name})
        if created:
            RatingOption.objects.bulk_create(
                [
                    RatingOption(scale=scale, value=value, label=label, meets_norm=meets_norm)
                    for value, (label, meets_norm) in enumerate(options, start=1)
                ]
            )
        scales.append(scale)
    return scales


@transaction.atomic
def frameworks_load_builtin() -> list[FrameworkVersion]:
    """Import and publish each built-in framework in ``frameworks/data/`` that is not there yet."""
    loaded = []
    for path in sorted(BUILTIN_DATA_DIR.glob("*.yaml")):
        document = parse_document_text(path.read_text(encoding="utf-8"))
        if Framework.objects.filter(slug=document["framework"]["slug"]).exists():
            continue
        loaded.append(
            framework_version_publish(version=framework_import_document(document=document), actor=None)
        )
    rating_scales_load_builtin()
    return loaded
