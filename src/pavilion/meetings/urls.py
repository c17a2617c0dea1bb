from django.urls import path

from pavilion.meetings import views

urlpatterns = [
    path("editions/<slug:slug>/meetings/", views.schedule, name="meeting-schedule"),
    path("editions/<slug:slug>/meetings/book/", views.book, name="meeting-book"),
    path("editions/<slug:slug>/meetings/run/", views.run_status, name="meeting-run-status"),
    path("editions/<slug:slug>/requests/", views.requests_page, name="meeting-requests"),
    path("editions/<slug:slug>/agenda/", views.agenda, name="agenda"),
    path("editions/<slug:slug>/availability/", views.availability, name="availability"),
    path("editions/<slug:slug>/recommendations/", views.recommendations, name="recommendations"),
    path("editions/<slug:slug>/agenda.ics", views.agenda_ics, name="agenda-ics"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
]
