from django.urls import path

from pavilion.stage import views

urlpatterns = [
    path("editions/<slug:slug>/stage/", views.stage_agenda, name="stage-agenda"),
    path("editions/<slug:slug>/stage.ics", views.stage_agenda_ics, name="stage-agenda-ics"),
]
