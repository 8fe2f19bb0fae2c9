"""Competency frameworks, versioned.

A ``Framework`` has numbered ``FrameworkVersion``s. A version is a *draft* while HR
edits it and becomes *published*; a published version never changes again (an edit
starts a new draft), so a cycle that uses it keeps exactly what it opened with.
Everything below a version — competencies with levels and indicators, role-type cells
with their expected levels, job profiles — belongs to that one version.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AppendOnlyModel, require_kind
from core.models import TimeStampedModel, check_constraint, unique_constraint
from core.text import validate_single_line
from frameworks.scales import RatingOption, RatingScale  # noqa: F401 - the app's models, in their own module


class Framework(TimeStampedModel):
    slug = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FrameworkVersion(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    source = models.TextField(_("source document"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["framework__name", "-number"]
        constraints = [
            unique_constraint(
                fields=["framework", "number"],
                name="frameworkversion_unique_number",
                message=_("This framework already has a version with this number."),
            ),
            unique_constraint(
                fields=["framework"],
                condition=Q(status="draft"),
                name="frameworkversion_one_draft",
                message=_("This framework already has a draft version: publish or remove that one first."),
            ),
            check_constraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="frameworkversion_published_has_date",
                message=_("A published version needs a publication date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.name} v{self.number} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class FrameworkEventKind(models.TextChoices):
    """What happened to a framework, labelled in the past tense."""

    VERSION_PUBLISHED = "publish_version", _("Version published")
    DOCUMENT_IMPORTED = "import_document", _("Document imported")


class FrameworkEvent(AppendOnlyModel):
    """The audit trail of the frameworks: who imported a document into which draft and who published
    which version, when (see ``core.audit``)."""

    Kind = FrameworkEventKind

    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: done by the system."),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("framework event")
        verbose_name_plural = _("framework events")
        ordering = ["created_at", "id"]
        constraints = [
            check_constraint(
                condition=Q(kind__in=FrameworkEventKind.values),
                name="frameworkevent_known_kind",
                message=_("This is not a known kind of framework event."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.version_id}: {self.kind}"

    @property
    def label(self) -> str:
        """What happened, in the past tense and the active language."""
        return str(self.Kind(self.kind).label)

    @classmethod
    def record(
        cls, *, version: FrameworkVersion, actor, kind: FrameworkEventKind, payload: dict | None = None
    ) -> "FrameworkEvent":
        """Add one event of ``kind`` (a ``FrameworkEvent.Kind``; ``ValueError`` for anything else) on
        ``version`` by ``actor`` (a User, or None for the system: a command, the built-in load)."""
        return cls.objects.create(
            version=version, actor=actor, kind=require_kind(cls.Kind, kind), payload=payload or {}
        )


class Competency(TimeStampedModel):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="competencies")
    key = models.SlugField(_("code"), max_length=80)
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    definition = models.TextField(_("definition"), blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    base_behaviour = models.TextField(
        _("base behaviour"), blank=True, help_text=_("Behaviour expected of everyone, whatever their level.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["version", "order", "name"]
        constraints = [
            unique_constraint(
                fields=["version", "key"],
                name="competency_unique_key",
                message=_("This version already has a competency with this key."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProficiencyLevel(models.Model):
    """Level N of a competency; higher levels assume the lower ones."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField(_("level"))
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("proficiency level")
        verbose_name_plural = _("proficiency levels")
        ordering = ["competency", "number"]
        constraints = [
            unique_constraint(
                fields=["competency", "number"],
                name="level_unique_number",
                message=_("This competency already has a level with this number."),
            ),
            check_constraint(
                condition=Q(number__gte=1), name="level_number_positive", message=_("A level is 1 or higher.")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency.name} — {_('level')} {self.number}"


class CompetencyText(models.Model):
    """An ordered line of text that belongs to a competency."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class Indicator(CompetencyText):
    """Observable behaviour; levelled (belongs to a level) or, as in job profiles, not."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="indicators")
    level = models.ForeignKey(
        ProficiencyLevel, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators"
    )

    class Meta(CompetencyText.Meta):
        verbose_name = _("behavioural indicator")
        verbose_name_plural = _("behavioural indicators")


class InterviewQuestion(CompetencyText):
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="interview_questions")

    class Meta(CompetencyText.Meta):
        verbose_name = _("interview question")
        verbose_name_plural = _("interview questions")


class DevelopmentTip(CompetencyText):
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="development_tips")

    class Meta(CompetencyText.Meta):
        verbose_name = _("development tip")
        verbose_name_plural = _("development tips")


class RoleType(TimeStampedModel):
    """A role-type cell (HR21 style): a family and a grade, e.g. *Dienstverlener B* (A is the heaviest)."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="role_types")
    family = models.CharField(_("role family"), max_length=80, validators=[validate_single_line])
    grade = models.CharField(_("grade"), max_length=8, validators=[validate_single_line])
    default_level = models.PositiveSmallIntegerField(
        _("expected level"), help_text=_("Expected level for every competency, unless overridden.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("role-type cell")
        verbose_name_plural = _("role-type cells")
        ordering = ["version", "order", "family", "grade"]
        constraints = [
            unique_constraint(
                fields=["version", "family", "grade"],
                name="roletype_unique_cell",
                message=_("This version already has this role-type cell."),
            ),
            check_constraint(
                condition=Q(default_level__gte=1),
                name="roletype_level_positive",
                message=_("The expected level is 1 or higher."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.family} {self.grade}".strip()


class ExpectedLevel(models.Model):
    """A per-competency exception to the cell's default expected level."""

    role_type = models.ForeignKey(RoleType, on_delete=models.CASCADE, related_name="expected_levels")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="expected_levels")
    level = models.PositiveSmallIntegerField(_("expected level"))

    class Meta:
        verbose_name = _("expected level")
        verbose_name_plural = _("expected levels")
        constraints = [
            unique_constraint(
                fields=["role_type", "competency"],
                name="expectedlevel_unique",
                message=_("This role-type cell already has an expected level for this competency."),
            ),
            check_constraint(
                condition=Q(level__gte=1),
                name="expectedlevel_positive",
                message=_("The expected level is 1 or higher."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role_type} — {self.competency}: {self.level}"


class JobProfile(TimeStampedModel):
    """A job profile (UFO or company style): purpose, result areas, its competencies and level → scale."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="job_profiles")
    key = models.SlugField(_("code"), max_length=80)
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    family = models.CharField(_("job family"), max_length=120, blank=True, validators=[validate_single_line])
    description = models.TextField(_("general characteristics"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    work_and_thinking_level = models.CharField(
        _("work and thinking level"), max_length=80, blank=True, validators=[validate_single_line]
    )
    knowledge = models.JSONField(_("knowledge"), default=list, blank=True)
    competencies = models.ManyToManyField(
        Competency, through="JobProfileCompetency", related_name="job_profiles"
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("job profile")
        verbose_name_plural = _("job profiles")
        ordering = ["version", "order", "title"]
        constraints = [
            unique_constraint(
                fields=["version", "key"],
                name="jobprofile_unique_key",
                message=_("This version already has a job profile with this key."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class JobProfileCompetency(models.Model):
    job_profile = models.ForeignKey(JobProfile, on_delete=models.CASCADE, related_name="profile_competencies")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("competency of the profile")
        verbose_name_plural = _("competencies of the profile")
        ordering = ["order", "id"]
        constraints = [
            unique_constraint(
                fields=["job_profile", "competency"],
                name="jobprofilecompetency_unique",
                message=_("This job profile already has this competency."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.job_profile} — {self.competency}"


class ResultArea(models.Model):
    """A *resultaatgebied*: core activity, its frame (kader), the result and the activities or process steps."""

    job_profile = models.ForeignKey(JobProfile, on_delete=models.CASCADE, related_name="result_areas")
    title = models.TextField(_("core activity"))
    frame = models.TextField(_("frame"), blank=True)
    result = models.TextField(_("result"), blank=True)
    activities = models.JSONField(_("activities"), default=list, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("result area")
        verbose_name_plural = _("result areas")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class JobProfileLevel(models.Model):
    """Profile level → salary scale (level 1 is the heaviest)."""

    job_profile = models.ForeignKey(JobProfile, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"))
    salary_scale = models.PositiveSmallIntegerField(_("salary scale"))

    class Meta:
        verbose_name = _("profile level")
        verbose_name_plural = _("profile levels")
        ordering = ["level"]
        constraints = [
            unique_constraint(
                fields=["job_profile", "level"],
                name="jobprofilelevel_unique",
                message=_("This job profile already has this level."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.job_profile} — {_('level')} {self.level}: {_('scale')} {self.salary_scale}"
