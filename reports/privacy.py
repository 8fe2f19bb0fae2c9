"""AVG (GDPR) right of access: everything stored about one employee, as JSON plus the PDF of each review.

Made for HR of the employee's unit, who handles the request (never their own); every review read
this way is logged. The JSON holds every stored field of every row about the employee (generic
serialisation, so a field added later is not forgotten); rows about other people appear only as
references. The zip is the employee's: the manager's scores appear in it, JSON and PDF alike, as
the employee sees them (``reviewcycle.record.review_record_for_reviewee``, the one view of the
record the page, the API and every PDF render too): hidden until submitted.
"""

import io
import json
import zipfile
from dataclasses import asdict

from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.filenames import file_name_part
from notifications.models import Notification, NotificationPreference, ScheduledTalk
from people.models import Employee, HRScope, PeopleEvent
from reports.pdf import render_review_form
from reviewcycle.informants.asked import asked_form
from reviewcycle.informants.selectors import informant_feedback
from reviewcycle.models import (
    ClosedRound,
    CompetencyAssessment,
    DevelopmentAction,
    Goal,
    GoalChange,
    IndicatorMark,
    InformantRequest,
    ProgressTalk,
    Review,
    ReviewAccess,
    ReviewEvent,
    TalkAnswer,
)
from reviewcycle.record import build_review_form, masked_row, review_record_for_reviewee
from reviewcycle.services.cycles import require_hr_for

USER_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "last_login", "date_joined")


def _rows(queryset) -> list[dict]:
    return [{"id": row["pk"], **row["fields"]} for row in serializers.serialize("python", queryset)]


def _rows_as_employee_sees(model, queryset, record_of) -> list[dict]:
    """``_rows``, each with the manager's scores as the employee sees them on the row's review."""
    return [masked_row(model, row, record=record_of(row)) for row in _rows(queryset)]


def personal_data(*, employee: Employee) -> dict:
    """Every row about ``employee``: the record, the account, their reviews whole, their notifications.

    The manager's scores of a review are blank where the employee may not see them yet.
    """
    user = employee.user
    reviews = Review.objects.filter(employee=employee).order_by("cycle__period_start", "id")
    goals = Goal.objects.filter(review__in=reviews)
    assessments = CompetencyAssessment.objects.filter(review__in=reviews)
    records = {review.pk: review_record_for_reviewee(review=review) for review in reviews}
    review_of_assessment = dict(assessments.values_list("id", "review_id"))
    marks = IndicatorMark.objects.filter(assessment__in=assessments)
    return {
        "generated_at": timezone.now(),
        "employee": _rows(Employee.objects.filter(pk=employee.pk))[0],
        "account": (
            {field: getattr(user, field) for field in USER_FIELDS} | {"id": user.pk} if user else None
        ),
        "hr_scopes": _rows(HRScope.objects.filter(user=user)) if user else [],
        "hr_scope_grants": _rows(PeopleEvent.objects.filter(user=user)) if user else [],
        "reviews": _rows_as_employee_sees(Review, reviews, lambda row: records[row["id"]]),
        "goals": _rows_as_employee_sees(Goal, goals, lambda row: records[row["review"]]),
        "goal_changes": _rows(GoalChange.objects.filter(goal__in=goals)),
        "competency_assessments": _rows_as_employee_sees(
            CompetencyAssessment, assessments, lambda row: records[row["review"]]
        ),
        "indicator_marks": _rows_as_employee_sees(
            IndicatorMark, marks, lambda row: records[review_of_assessment[row["assessment"]]]
        ),
        "development_actions": _rows(DevelopmentAction.objects.filter(review__in=reviews)),
        "progress_talks": _rows(ProgressTalk.objects.filter(review__in=reviews)),
        # The answers on the talk forms as the employee may see them: theirs, and others' once shared or
        # once the talk was recorded (``talk_forms.selectors.can_see_answer``).
        "talk_answers": [
            _rows(TalkAnswer.objects.filter(pk=answer.id))[0]
            for record in records.values()
            for talk in record.talks
            for question in talk.questions
            for answer in question.answers
        ],
        # What the person wrote on the talk forms of others' reviews (as their manager): their own words,
        # theirs to read whether or not the talk was recorded (``can_see_answer``: the author always may).
        # The others' answers on those reviews are not the person's data and stay out.
        "talk_answers_written": (
            _rows(TalkAnswer.objects.filter(author=user).exclude(review__in=reviews).order_by("review", "id"))
            if user
            else []
        ),
        "scheduled_talks": _rows(ScheduledTalk.objects.filter(review__in=reviews)),
        # Informants' input on the employee's reviews as the employee may see it: anonymous groups only as
        # aggregates once shown (``informants.selectors.informant_feedback``), never a single answer.
        "informant_feedback": [
            {
                "review": review.pk,
                **asdict(informant_feedback(review=review, reader_id=user.pk if user else None)),
            }
            for review in reviews
            if review.informant_requests.exists()
        ],
        # The employee's own answers as an informant on others' reviews (theirs alone).
        "informant_answers": [
            asdict(asked_form(request))
            for request in InformantRequest.objects.filter(informant=user)
            .select_related("review__employee", "review__cycle__template_version")
            .order_by("id")
        ]
        if user
        else [],
        "review_events": _rows(ReviewEvent.objects.filter(review__in=reviews)),
        # The consequences of each appraisal as the employee sees them (with the scores).
        "appraisal_consequences": [
            {
                "review": pk,
                "status": record.consequences.status,
                "consequences": [
                    {"kind": item.kind, "amount": item.amount, "note": item.note}
                    for item in record.consequences.items
                ],
                "reason": record.consequences.reason,
                "effective_date": record.consequences.effective_date,
            }
            for pk, record in records.items()
            if record.consequences is not None
        ],
        "closed_rounds": _rows_as_employee_sees(
            ClosedRound, ClosedRound.objects.filter(review__in=reviews), lambda row: records[row["review"]]
        ),
        "who_read_these_reviews": _rows(ReviewAccess.objects.filter(review__in=reviews)),
        "reviews_this_person_read": _rows(ReviewAccess.objects.filter(user=user)) if user else [],
        "roles_in_other_reviews": list(
            Review.objects.filter(Q(manager=employee) | Q(second_reviewer=employee))
            .exclude(employee=employee)
            .values("id", "cycle__name", "manager_id", "second_reviewer_id")
        ),
        "cycles_excluded_from": list(employee.excluded_from_cycles.values("id", "name")),
        "notifications": _rows(Notification.objects.filter(recipient=user)) if user else [],
        "notification_preferences": _rows(NotificationPreference.objects.filter(user=user)) if user else [],
    }


def personal_data_export(*, employee: Employee, actor) -> tuple[bytes, str]:
    """A zip for the employee's data request: ``gegevens.json`` and one PDF per review.

    ``actor``: HR of the employee's unit (None: the command line). Raises ``PermissionDenied`` (403)
    for anyone else, and for HR asking about themselves: nobody handles their own data request.
    Returns the zip's bytes and its file name.
    """
    if actor is not None and employee.user_id is not None and employee.user_id == actor.pk:
        raise PermissionDenied(_("Nobody handles a data request about themselves: ask another HR adviser."))
    require_hr_for(actor, [employee.org_unit])
    data = personal_data(employee=employee)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "gegevens.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        reviews = Review.objects.filter(employee=employee).select_related("cycle")
        for review in reviews:
            form = build_review_form(review, record=review_record_for_reviewee(review=review))
            archive.writestr(f"beoordelingen/{form.reference}-{form.kind}.pdf", render_review_form(form))
        if actor is not None:  # the command line has no user to log; the API always has one
            ReviewAccess.objects.bulk_create(
                ReviewAccess(review=review, user=actor, via="data-request") for review in reviews
            )
    number = file_name_part(employee.employee_number, lowercase=False)
    return buffer.getvalue(), f"persoonsgegevens-{number}-{file_name_part(employee.name)}.zip"


def employee_for_data_request(*, actor, pk) -> Employee:
    """The employee, if ``actor`` is HR for their unit; ``Employee.DoesNotExist`` otherwise (nothing leaks)."""
    from people.selectors import hr_org_units

    if actor is None or not actor.is_authenticated:
        raise Employee.DoesNotExist
    return Employee.objects.select_related("user", "org_unit").get(
        pk=pk, org_unit__in=hr_org_units(user=actor)
    )


__all__ = ["employee_for_data_request", "personal_data", "personal_data_export"]
