"""web's pages. config.urls includes them in the ``reviewcycle`` namespace beside reviewcycle's own
pages: the names (``reviewcycle:review``, ``reviewcycle:step``) and paths stayed when the pages moved."""

from django.urls import path

from web import views

urlpatterns = [
    path("reviews/<id:pk>/", views.review_page, name="review"),
    path("reviews/<id:pk>/steps/<slug:step>/", views.review_step, name="step"),
    path("reviews/<id:pk>/talks/", views.schedule_talk, name="schedule-talk"),
    path("reviews/<id:pk>/reassign/", views.reassign, name="reassign"),
    path("reviews/<id:pk>/second-reviewer/", views.set_second_reviewer, name="second-reviewer"),
]
