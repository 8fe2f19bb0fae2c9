from django.urls import path

from reviewcycle import views

app_name = "reviewcycle"
# The review page and its steps (reviewcycle:review, reviewcycle:step) and its side forms'
# (reviewcycle:schedule-talk, reviewcycle:reassign, reviewcycle:second-reviewer) are web's: web/urls.py.

urlpatterns = [
    path("", views.home, name="home"),
    path("team/", views.team, name="team"),
    path("second-review/", views.second_review_queue, name="queue"),
    path("cycles/new/", views.cycle_new, name="cycle-new"),
    path("cycles/<id:pk>/edit/", views.cycle_edit, name="cycle-edit"),
    path("cycles/<id:pk>/delete/", views.cycle_delete_view, name="cycle-delete"),
    path("cycles/<id:pk>/copy/", views.cycle_copy_view, name="cycle-copy"),
    path("cycles/<id:pk>/open/", views.cycle_open_view, name="cycle-open"),
    path("cycles/<id:pk>/opening/", views.cycle_opening, name="cycle-opening"),
    path("cycles/<id:pk>/add-missing/", views.cycle_add_missing_view, name="cycle-add-missing"),
    path("cycles/<id:pk>/close/", views.cycle_close_view, name="cycle-close"),
    path("cycles/<id:pk>/due-dates/", views.cycle_due_dates_view, name="cycle-due-dates"),
    path("cycles/<id:pk>/reviews/", views.cycle_reviews, name="cycle-reviews"),
    path("reviews/", views.latest_cycle_reviews, name="hr-reviews"),
    path("objections/", views.objection_list, name="objections"),
    path("reviews/<id:pk>/plan/", views.plan, name="plan"),
    path("reviews/<id:pk>/talk-form/", views.talk_form, name="talk-form"),
    path("reviews/<id:pk>/self-assessment/", views.self_assessment, name="self-assessment"),
    path("reviews/<id:pk>/scoring/", views.scoring_page, name="scoring"),
    path("reviews/<id:pk>/scoring/proposal/", views.scoring_proposal, name="scoring-proposal"),
    # HR makes the organisation's regelingen and their talk forms (views.regelingen, views.regeling_forms).
    path("regelingen/", views.regeling_list, name="regelingen"),
    path("regelingen/new/", views.regeling_new, name="regeling-new"),
    path("regelingen/versions/<id:pk>/", views.regeling_version, name="regeling-version"),
    path("regelingen/versions/<id:pk>/draft/", views.regeling_draft_new, name="regeling-draft-new"),
    path("regelingen/versions/<id:pk>/publish/", views.regeling_publish, name="regeling-publish"),
    path(
        "regelingen/versions/<id:pk>/consequences/",
        views.regeling_consequences,
        name="regeling-consequences",
    ),
    path("regelingen/versions/<id:pk>/forms/", views.regeling_talk_form_add, name="regeling-talk-form-add"),
    path("regelingen/forms/<id:pk>/", views.regeling_talk_form, name="regeling-talk-form"),
    path("regelingen/forms/<id:pk>/sections/", views.regeling_section_add, name="regeling-section-add"),
    path(
        "regelingen/forms/<id:pk>/preview/<slug:reader>/",
        views.regeling_talk_form_preview,
        name="regeling-talk-form-preview",
    ),
    path("regelingen/sections/<id:pk>/move/", views.regeling_section_move, name="regeling-section-move"),
    path(
        "regelingen/sections/<id:pk>/rename/", views.regeling_section_rename, name="regeling-section-rename"
    ),
    path(
        "regelingen/sections/<id:pk>/delete/", views.regeling_section_delete, name="regeling-section-delete"
    ),
    path("regelingen/sections/<id:pk>/questions/", views.regeling_question_new, name="regeling-question-new"),
    path("regelingen/questions/<id:pk>/", views.regeling_question, name="regeling-question"),
    path("regelingen/questions/<id:pk>/move/", views.regeling_question_move, name="regeling-question-move"),
    path(
        "regelingen/questions/<id:pk>/delete/",
        views.regeling_question_delete,
        name="regeling-question-delete",
    ),
]
