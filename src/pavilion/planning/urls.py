from django.urls import path

from pavilion.planning import views

urlpatterns = [
    path("editions/<slug:slug>/call/", views.call_page, name="cfp"),
    path("editions/<slug:slug>/call/apply/", views.apply, name="cfp-apply"),
    path("editions/<slug:slug>/call/applications/", views.applications, name="application-list"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("editions/<slug:slug>/exhibitor-list/", views.exhibitor_list, name="exhibitor-list"),
    path("invitations/<int:pk>/", views.invitation_detail, name="invitation-detail"),
    path("editions/<slug:slug>/floor-plan/", views.floor_plan, name="floor-plan"),
]
