from django.urls import include, path

from pavilion.accounts import views

urlpatterns = [
    path("tokens/", views.api_tokens, name="api-tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke_api_token, name="api-token-revoke"),
    # People: the operators' users page, invitations, the invitation link.
    path("users/", views.user_list, name="user-list"),
    path("users/<int:pk>/deactivate/", views.deactivate_user, name="user-deactivate"),
    path("users/<int:pk>/reactivate/", views.reactivate_user, name="user-reactivate"),
    path("users/totp-policy/", views.totp_policy, name="user-totp-policy"),
    path("invite/", views.invite, name="invite-person"),
    path("invite/bulk/", views.bulk_invite, name="invite-bulk"),
    path("invitations/<int:pk>/resend/", views.resend_invitation, name="invitation-resend"),
    path("invitations/<int:pk>/revoke/", views.revoke_invitation, name="invitation-revoke"),
    path("invitation/<str:token>/", views.accept_invitation, name="invitation-accept"),
    # django-allauth: sign-in, sign-out, e-mail, password reset and change, TOTP.
    path("", include("allauth.urls")),
]
