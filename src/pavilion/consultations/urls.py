from django.urls import path

from pavilion.consultations import round_views, tally_views, views

urlpatterns = [
    path("editions/<slug:slug>/consultations/", views.consultation_list, name="consultation-list"),
    path(
        "editions/<slug:slug>/consultations/new/", views.consultation_log, name="consultation-log"
    ),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation-detail"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="consultation-edit"),
    path("editions/<slug:slug>/follow-up/", round_views.round_overview, name="follow-up-rounds"),
    path("editions/<slug:slug>/visitors/", tally_views.visitors, name="visitor-tallies"),
    path("editions/<slug:slug>/survey/", tally_views.survey, name="survey"),
    path("follow-up/tasks/<int:pk>/", round_views.task_answer, name="follow-up-task"),
    path("follow-up/sign-in/<str:token>/", round_views.sign_in, name="follow-up-sign-in"),
]
