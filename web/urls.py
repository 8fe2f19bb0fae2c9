"""web's pages. config.urls includes them in the ``reviewcycle`` namespace beside reviewcycle's own
pages: the names (``reviewcycle:review``, ``reviewcycle:step``) and paths stayed when the pages moved."""

from django.urls import path

from web import views
from web.informants import views as informants

urlpatterns = [
    path("reviews/<id:pk>/", views.review_page, name="review"),
    path("reviews/<id:pk>/steps/<slug:step>/", views.review_step, name="step"),
    path("reviews/<id:pk>/talks/", views.schedule_talk, name="schedule-talk"),
    path("reviews/<id:pk>/reassign/", views.reassign, name="reassign"),
    path("reviews/<id:pk>/second-reviewer/", views.set_second_reviewer, name="second-reviewer"),
    path("reviews/<id:pk>/informants/", informants.informant_ask, name="informant-ask"),
    path(
        "reviews/<id:pk>/informants/<id:request_id>/withdraw/",
        informants.informant_withdraw,
        name="informant-withdraw",
    ),
    # The mails' links (notifications.informants): the informant's request, the external's personal link.
    path("informant/<id:request_id>/", informants.informant_answer_page, name="informant-answer"),
    path("informant/link/<str:token>/", informants.informant_link_page, name="informant-link"),
]
