"""Informants in the API: asking for input on a review and withdrawing it, what the review's readers see of
the answers (``informant_feedback``, the one anonymity rule), the informant's own requests and answer,
and the external informant's personal link (no login; throttled).

No endpoint gives anyone but the informant a single answer of an anonymous group."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import Pagination
from core.query import validated_query
from core.text import validate_single_line
from people.apis_search import PersonChoiceSerializer, SearchQuery
from people.models import Employee
from people.security import client_address
from reviewcycle.apis import ids
from reviewcycle.apis.serializers import visible_review
from reviewcycle.informants import asked, services, tokens
from reviewcycle.informants.selectors import informant_candidates, informant_feedback
from reviewcycle.models import InformantRequest

RELATIONS = InformantRequest.Relation.values
MARKS = ["not", "partly", "fully"]


# --- what the review's readers see ------------------------------------------------------------------


class RequestLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    relation = serializers.ChoiceField(choices=RELATIONS)
    informant = serializers.CharField(help_text="The person's name (an external: name and address).")
    due_date = serializers.DateField()
    state = serializers.ChoiceField(
        choices=["requested", "answered", "withdrawn", "expired", "open", "closed"],
        help_text="Named relations: the request's status. Anonymous ones: only open, closed or withdrawn.",
    )
    requested_by = serializers.CharField()
    mine = serializers.BooleanField(help_text="The reader asked for it.")


class IndicatorAggregateSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(source="indicator_id")
    competency = serializers.CharField()
    text = serializers.CharField()
    is_next_level = serializers.BooleanField()
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text="Mark (not, partly, fully) → how many gave it; null: too few marks to show, or a named group.",
    )


class QuestionAggregateSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question_id")
    text = serializers.CharField()
    answers = serializers.ListField(
        child=serializers.CharField(),
        help_text="Anonymous groups: every answer, in alphabetical order; none when fewer than `min_group` answered the question.",
    )


class NamedAnswerSerializer(serializers.Serializer):
    informant = serializers.CharField()
    relation = serializers.ChoiceField(choices=RELATIONS)
    marks = serializers.DictField(
        child=serializers.ChoiceField(choices=MARKS), help_text="Indicator id → mark."
    )
    answers = serializers.DictField(child=serializers.CharField(), help_text="Question id → answer.")


class GroupFeedbackSerializer(serializers.Serializer):
    group = serializers.ChoiceField(choices=["anonymous", *RELATIONS], help_text="anonymous: groups merged.")
    anonymous = serializers.BooleanField()
    released = serializers.BooleanField(
        help_text="Shown: an anonymous group once enough answered and none of its requests is open."
    )
    answered = serializers.IntegerField(allow_null=True, help_text="null while the group is not shown.")
    indicators = IndicatorAggregateSerializer(many=True)
    questions = QuestionAggregateSerializer(many=True)
    named = NamedAnswerSerializer(many=True)


class InformantFeedbackSerializer(serializers.Serializer):
    requests = RequestLineSerializer(many=True)
    groups = GroupFeedbackSerializer(many=True)
    min_group = serializers.IntegerField(help_text="The fewest answers an anonymous group is shown with.")


class InformantRequestInputSerializer(serializers.Serializer):
    relation = serializers.ChoiceField(choices=RELATIONS)
    informant = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.filter(active=True, user__isnull=False),
        required=False,
        allow_null=True,
        help_text=f"Every relation but external: {ids.EMPLOYEE}",
    )
    email = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=254,
        validators=[validate_single_line],
        help_text="External only.",
    )
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        validators=[validate_single_line],
        help_text="External only.",
    )
    due_date = serializers.DateField()
    include_next_level = serializers.BooleanField(required=False, default=False)


def _feedback(request, review):
    return Response(
        InformantFeedbackSerializer(informant_feedback(review=review, reader_id=request.user.pk)).data
    )


class ReviewInformantsView(APIView):
    @extend_schema(
        responses=InformantFeedbackSerializer,
        description="The review's requests for input and what its readers may see of the answers: per group, "
        "anonymous groups only as aggregates once enough answered and none of their requests is open; named "
        "relations answer by answer.",
    )
    def get(self, request, pk):
        return _feedback(request, visible_review(request, pk))

    @extend_schema(
        request=InformantRequestInputSerializer,
        responses={201: InformantFeedbackSerializer},
        description="Ask one person for input (the manager; the employee where the regeling allows). 403 for "
        "anyone else, 409 outside the phases the regeling allows or when the group was shown already.",
    )
    def post(self, request, pk):
        review = visible_review(request, pk)
        serializer = InformantRequestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        employee = data.pop("informant", None)
        services.informant_request(
            review=review, actor=request.user, informant=employee.user if employee else None, **data
        )
        response = _feedback(request, review)
        response.status_code = 201
        return response


class InformantCandidatesView(APIView):
    @extend_schema(
        parameters=[SearchQuery],
        responses=PersonChoiceSerializer(many=True),
        description="Whom the caller may ask for input on the review, by name or employee number: the "
        "employee's colleagues, direct reports, manager and the manager's peers (never the employee or the "
        "caller); a page of 50 by default. 403 for whoever may not ask, 409 outside the regeling's phases.",
    )
    def get(self, request, pk):
        review = visible_review(request, pk)
        refusal = services.request_refusal(review, request.user)
        if refusal:
            refusal.raise_error()
        query = validated_query(request=request, serializer_class=SearchQuery)
        paginator = Pagination()
        people = informant_candidates(review=review, actor=request.user, search=query.get("search", ""))
        page = paginator.paginate_queryset(people, request, view=self)
        return paginator.get_paginated_response(PersonChoiceSerializer(page, many=True).data)


class ReviewInformantWithdrawView(APIView):
    @extend_schema(
        request=None,
        responses=InformantFeedbackSerializer,
        description="Withdraw a request (whoever asked, or the manager). 409 once it can no longer be withdrawn.",
    )
    def post(self, request, pk, request_id):
        review = visible_review(request, pk)
        informant_request = get_object_or_404(InformantRequest, pk=request_id, review=review)
        services.informant_withdraw(request=informant_request, actor=request.user)
        return _feedback(request, review)


# --- the informant's side -----------------------------------------------------------------------------


class AskedIndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    competency = serializers.CharField()
    text = serializers.CharField()
    is_next_level = serializers.BooleanField()
    mark = serializers.ChoiceField(choices=MARKS, allow_null=True, help_text="The informant's own mark.")


class AskedQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    help_text = serializers.CharField()
    kind = serializers.ChoiceField(choices=["text", "scale", "choice", "yes_no"])
    choices = serializers.ListField(child=serializers.CharField())
    required = serializers.BooleanField()
    answer = serializers.CharField(allow_null=True, help_text="The informant's own answer.")


class AskedFormSerializer(serializers.Serializer):
    request_id = serializers.IntegerField()
    employee = serializers.CharField()
    relation = serializers.ChoiceField(choices=RELATIONS)
    anonymous = serializers.BooleanField(
        help_text="The answer is shown only together with others of the group."
    )
    min_group = serializers.IntegerField()
    due_date = serializers.DateField()
    status = serializers.ChoiceField(choices=InformantRequest.Status.values)
    indicators = AskedIndicatorSerializer(many=True)
    questions = AskedQuestionSerializer(many=True)


class QuestionAnswerInputSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    value = serializers.CharField(allow_blank=True, max_length=10_000)


class InformantAnswerInputSerializer(serializers.Serializer):
    marks = serializers.DictField(
        child=serializers.ChoiceField(choices=MARKS, allow_blank=True),
        required=False,
        default=dict,
        help_text="Indicator id (`indicators[].id`) → not / partly / fully; left out or empty: no view.",
    )
    answers = QuestionAnswerInputSerializer(many=True, required=False, default=list)


class OwnRequestListView(APIView):
    @extend_schema(
        responses=AskedFormSerializer(many=True), description="The requests the reader is asked to answer."
    )
    def get(self, request):
        forms = [asked.asked_form(own) for own in asked.own_requests(user=request.user)]
        return Response(AskedFormSerializer(forms, many=True).data)


class OwnRequestView(APIView):
    @extend_schema(responses=AskedFormSerializer, description="One request the reader is asked to answer.")
    def get(self, request, request_id):
        own = _own(request, request_id)
        return Response(AskedFormSerializer(asked.asked_form(own)).data)

    @extend_schema(
        request=InformantAnswerInputSerializer,
        responses=AskedFormSerializer,
        description="Answer the request, once. 409 when it is answered, withdrawn or past its due date.",
    )
    def post(self, request, request_id):
        own = _own(request, request_id)
        serializer = InformantAnswerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.informant_answer(request=own, actor=request.user, **serializer.validated_data)
        return Response(AskedFormSerializer(asked.asked_form(_own(request, request_id))).data)


def _own(request, request_id) -> InformantRequest:
    try:
        return asked.request_for_informant(user=request.user, pk=request_id)
    except InformantRequest.DoesNotExist:
        raise Http404 from None


class InformantLinkView(APIView):
    """The external informant's personal link: no login; each refused link counts against the address."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        responses=AskedFormSerializer,
        description="What the link asks. 404 for a link that is not valid, 409 for one used, withdrawn or "
        "expired, 429 after too many refused links from the address.",
    )
    def get(self, request, token):
        try:
            own = tokens.request_for_token(token, address=client_address(request))
        except tokens.TooManyTokenFailuresError as error:
            raise Throttled(wait=error.retry_after, detail=str(error)) from None
        return Response(AskedFormSerializer(asked.asked_form(own)).data)

    @extend_schema(
        request=InformantAnswerInputSerializer,
        responses={201: None},
        description="Answer through the link, once. Errors as for reading it; 400 for an answer that is not valid.",
    )
    def post(self, request, token):
        serializer = InformantAnswerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.informant_answer_by_token(
                token=token, address=client_address(request), **serializer.validated_data
            )
        except tokens.TooManyTokenFailuresError as error:
            raise Throttled(wait=error.retry_after, detail=str(error)) from None
        return Response(status=201)
