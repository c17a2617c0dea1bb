from django.urls import path

from pavilion.funds import views

urlpatterns = [
    path("funds/", views.fund_list, name="fund-list"),
    path("funds/new/", views.fund_new, name="fund-new"),
    path("funds/<slug:slug>/", views.fund_dashboard, name="fund-dashboard"),
    path("funds/<slug:slug>/edit/", views.fund_edit, name="fund-edit"),
    path("funds/<slug:slug>/plan/", views.fund_plan, name="fund-plan"),
    path("funds/<slug:slug>/export.xlsx", views.fund_export, name="fund-export"),
    path("funds/<slug:slug>/commitments/new/", views.commitment_add, name="commitment-add"),
    path("funds/<slug:slug>/investments/", views.fund_investments, name="fund-investments"),
    path("funds/<slug:slug>/investments/new/", views.investment_add, name="investment-add"),
    path("commitments/<int:pk>/edit/", views.commitment_edit, name="commitment-edit"),
    path("investments/<int:pk>/", views.investment_detail, name="investment-detail"),
    path("investments/<int:pk>/edit/", views.investment_edit, name="investment-edit"),
]
