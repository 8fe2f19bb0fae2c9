"""Every ``/api/v1/`` route, collected from the apps."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from frameworks.apis import FrameworkVersionViewSet, FrameworkViewSet, RatingScaleViewSet
from notifications import apis as notifications
from notifications.webhooks import apis as webhooks
from people import apis as people
from people import apis_directory as directory
from people import apis_search as people_search
from people.security import LogoutApi, ThrottledObtainAuthToken
from reports import apis as reports
from reviewcycle import apis as reviews
from reviewcycle import steps

app_name = "api"

router = SimpleRouter()
router.register("frameworks", FrameworkViewSet, basename="framework")
router.register("framework-versions", FrameworkVersionViewSet, basename="framework-version")
router.register("rating-scales", RatingScaleViewSet, basename="rating-scale")
router.register("employees", directory.EmployeeViewSet, basename="employee")
router.register("reviews", reviews.ReviewViewSet, basename="review")
router.register("cycles", reviews.CycleViewSet, basename="cycle")
router.register("cycle-templates", reviews.CycleTemplateViewSet, basename="cycle-template")
router.register("notifications", notifications.NotificationViewSet, basename="notification")

# One route per step of the review, each to its named view (e.g. RecordPlanningTalkView).
review_paths = [
    path(
        f"reviews/<id:pk>/{step.url_name}/", reviews.step_view(step).as_view(), name=f"review-{step.url_name}"
    )
    for step in steps.STEPS
]

urlpatterns = [
    path("auth/token/", ThrottledObtainAuthToken.as_view(), name="auth-token"),
    path("auth/logout/", LogoutApi.as_view(), name="auth-logout"),
    path("people/", people_search.PersonSearchView.as_view(), name="people-search"),
    path("org-units/", people_search.UnitSearchView.as_view(), name="org-unit-search"),
    path("org-units/tree/", directory.UnitTreeView.as_view(), name="org-unit-tree"),
    path("employees/<id:pk>/hr-scope/", directory.EmployeeHRScopeView.as_view(), name="employee-hr-scope"),
    path("people/import/", people.ImportStartView.as_view(), name="people-import"),
    path("people/import/<id:pk>/", people.ImportDetailView.as_view(), name="people-import-detail"),
    path("people/export/", people.ExportView.as_view(), name="people-export"),
    path("people/template/", people.TemplateView.as_view(), name="people-template"),
    path("people/<id:pk>/personal-data/", reports.PersonalDataView.as_view(), name="people-personal-data"),
    *review_paths,
    path(
        "reviews/<id:pk>/self-assessment/",
        reviews.SelfAssessmentDraftView.as_view(),
        name="review-self-assessment",
    ),
    path("reviews/<id:pk>/scores/", reviews.ScoresDraftView.as_view(), name="review-scores"),
    path("reviews/<id:pk>/focus/", reviews.FocusView.as_view(), name="review-focus"),
    path("reviews/<id:pk>/talk-form/", reviews.TalkFormView.as_view(), name="review-talk-form"),
    path(
        "reviews/<id:pk>/talk-form/share/", reviews.TalkFormShareView.as_view(), name="review-talk-form-share"
    ),
    path("reviews/<id:pk>/informants/", reviews.ReviewInformantsView.as_view(), name="review-informants"),
    path(
        "reviews/<id:pk>/informants/candidates/",
        reviews.InformantCandidatesView.as_view(),
        name="review-informant-candidates",
    ),
    path(
        "reviews/<id:pk>/informants/<id:request_id>/withdraw/",
        reviews.ReviewInformantWithdrawView.as_view(),
        name="review-informant-withdraw",
    ),
    path("informant-requests/", reviews.OwnRequestListView.as_view(), name="informant-requests"),
    path("informant-requests/<id:request_id>/", reviews.OwnRequestView.as_view(), name="informant-request"),
    path("informant-link/<str:token>/", reviews.InformantLinkView.as_view(), name="informant-link"),
    path("reviews/<id:pk>/goals/", reviews.GoalListView.as_view(), name="review-goals"),
    path("reviews/<id:pk>/goals/<id:goal_id>/", reviews.GoalDetailView.as_view(), name="review-goal"),
    path("reviews/<id:pk>/goal-weights/", reviews.GoalWeightsView.as_view(), name="review-goal-weights"),
    path(
        "reviews/<id:pk>/goals/<id:goal_id>/self-assessment/",
        reviews.GoalSelfAssessmentView.as_view(),
        name="review-goal-self-assessment",
    ),
    path(
        "reviews/<id:pk>/goals/<id:goal_id>/score/",
        reviews.GoalScoreView.as_view(),
        name="review-goal-score",
    ),
    path(
        "reviews/<id:pk>/assessments/<id:assessment_id>/",
        reviews.AssessmentFocusView.as_view(),
        name="review-assessment",
    ),
    path(
        "reviews/<id:pk>/assessments/<id:assessment_id>/self-assessment/",
        reviews.AssessmentSelfAssessmentView.as_view(),
        name="review-assessment-self-assessment",
    ),
    path(
        "reviews/<id:pk>/assessments/<id:assessment_id>/score/",
        reviews.AssessmentScoreView.as_view(),
        name="review-assessment-score",
    ),
    path(
        "reviews/<id:pk>/development-actions/",
        reviews.DevelopmentActionListView.as_view(),
        name="review-development-actions",
    ),
    path(
        "reviews/<id:pk>/development-actions/<id:action_id>/",
        reviews.DevelopmentActionDetailView.as_view(),
        name="review-development-action",
    ),
    path("reviews/<id:pk>/reassign/", reviews.ReassignView.as_view(), name="review-reassign"),
    path(
        "reviews/<id:pk>/second-reviewer/",
        reviews.SecondReviewerView.as_view(),
        name="review-second-reviewer",
    ),
    path("reviews/<id:pk>/rebaseline/", reviews.RebaselineView.as_view(), name="review-rebaseline"),
    path("reviews/<id:pk>/talks/", notifications.TalkListView.as_view(), name="review-talks"),
    path("reviews/<id:pk>/talks/<id:talk_id>/", notifications.TalkDetailView.as_view(), name="review-talk"),
    path(
        "reviews/<id:pk>/talks/<id:talk_id>/cancel/",
        notifications.TalkCancelView.as_view(),
        name="review-talk-cancel",
    ),
    path(
        "notifications/preferences/", notifications.PreferenceView.as_view(), name="notification-preferences"
    ),
    path("cycles/<id:pk>/open/", reviews.CycleOpenView.as_view(), name="cycle-open"),
    path("cycles/<id:pk>/opening/", reviews.CycleOpeningView.as_view(), name="cycle-opening"),
    path("cycles/<id:pk>/close/", reviews.CycleCloseView.as_view(), name="cycle-close"),
    path("cycles/<id:pk>/progress/", reviews.CycleProgressView.as_view(), name="cycle-progress"),
    path("cycles/<id:pk>/dashboard/", reports.CycleDashboardView.as_view(), name="cycle-dashboard"),
    path("cycles/<id:pk>/payroll/", reports.CyclePayrollExportView.as_view(), name="cycle-payroll"),
    path(
        "cycles/<id:pk>/talk-reports/", reports.CycleTalkReportExportView.as_view(), name="cycle-talk-reports"
    ),
    # Before the router, whose reviews/{pk}/ would take "export" for a primary key.
    path("reviews/export/", reports.ReviewExportView.as_view(), name="review-export"),
    path("reviews/<id:pk>/pdf/", reports.ReviewPdfView.as_view(), name="review-pdf"),
    path("exports/", reports.FormExportListView.as_view(), name="form-exports"),
    path("exports/<id:pk>/", reports.FormExportDetailView.as_view(), name="form-export"),
    path("exports/<id:pk>/download/", reports.FormExportDownloadView.as_view(), name="form-export-download"),
    path("webhooks/", webhooks.WebhookEndpointListView.as_view(), name="webhook-endpoints"),
    path("webhooks/<id:pk>/", webhooks.WebhookEndpointDetailView.as_view(), name="webhook-endpoint"),
    path(
        "webhooks/<id:pk>/deliveries/", webhooks.WebhookDeliveryListView.as_view(), name="webhook-deliveries"
    ),
    *router.urls,
]
