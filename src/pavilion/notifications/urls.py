from django.urls import path

from pavilion.notifications import views

urlpatterns = [
    path("notifications/settings/", views.notification_settings, name="notification-settings"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:pk>/", views.outbox_detail, name="outbox-detail"),
]
