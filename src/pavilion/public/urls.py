from django.urls import path

from pavilion.partners import registration_views
from pavilion.planning import signup_views
from pavilion.public import views

urlpatterns = [
    # The site's front door: each role to its page, anyone else to the latest public edition.
    path("", views.home, name="home"),
    path("p/<slug:slug>/", views.edition_page, name="public-edition"),
    path("p/<slug:slug>/register/", registration_views.register, name="public-register"),
    path("p/<slug:slug>/apply/", signup_views.company_sign_up, name="public-apply"),
    path(
        "sign-up/confirm/<str:token>/", signup_views.confirm_sign_up, name="public-sign-up-confirm"
    ),
    path("editions/<slug:slug>/public-page/", views.publicity, name="edition-publicity"),
    path(
        "partners/registrations/",
        registration_views.registration_queue,
        name="partner-registrations",
    ),
    path("join-requests/", signup_views.join_requests, name="join-requests"),
]
