from django.urls import path

from reviewcycle import views

app_name = "reviewcycle"

urlpatterns = [
    path("", views.home, name="home"),
    path("team/", views.team, name="team"),
    path("second-review/", views.second_review_queue, name="queue"),
    path("cycles/new/", views.cycle_new, name="cycle-new"),
    path("cycles/<int:pk>/open/", views.cycle_open_view, name="cycle-open"),
    path("cycles/<int:pk>/close/", views.cycle_close_view, name="cycle-close"),
    path("objections/", views.objection_queue, name="objections"),
    path("reviews/<int:pk>/", views.review_page, name="review"),
    path("reviews/<int:pk>/plan/", views.plan, name="plan"),
    path("reviews/<int:pk>/reassign/", views.reassign, name="reassign"),
    path("reviews/<int:pk>/self-assessment/", views.self_assessment, name="self-assessment"),
    path("reviews/<int:pk>/scoring/", views.scoring_page, name="scoring"),
    path("reviews/<int:pk>/scoring/proposal/", views.scoring_proposal, name="scoring-proposal"),
    path("reviews/<int:pk>/steps/<slug:step>/", views.review_step, name="step"),
]
