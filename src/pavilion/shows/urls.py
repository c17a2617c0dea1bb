from django.urls import path

from pavilion.shows import views

urlpatterns = [
    path("", views.edition_list, name="edition-list"),
    path("<slug:slug>/", views.edition_dashboard, name="edition-dashboard"),
]
