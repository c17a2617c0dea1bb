"""Fund pages: the agency's dashboard, its records and their forms, the XLSX export."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from pavilion.accounts import permissions
from pavilion.core.forms import FAILED, save_through
from pavilion.core.money import format_money
from pavilion.funds import exports, figures, services
from pavilion.funds.forms import CommitmentForm, FundForm, InvestmentForm, PlanForm
from pavilion.funds.models import Commitment, Fund, Investment
from pavilion.reports import charts

FORM_METHODS = ["GET", "HEAD", "POST"]


def _readable_fund(request, slug) -> Fund:
    return get_object_or_404(permissions.visible_funds(request.user), slug=slug)


def _managed_fund(request, slug) -> Fund:
    fund = _readable_fund(request, slug)
    if not permissions.can_manage_fund(request.user, fund):
        raise PermissionDenied
    return fund


def _visible_investment(request, pk) -> Investment:
    return get_object_or_404(
        permissions.visible_investments(request.user).select_related("fund", "company"), pk=pk
    )


@require_safe
@login_required
def fund_list(request):
    if not permissions.can_read_funds(request.user):
        raise PermissionDenied
    funds = [
        {"fund": fund, "raised": figures.raised(fund), "deployed": figures.deployed(fund)}
        for fund in permissions.visible_funds(request.user).order_by("-vintage", "name")
    ]
    return render(
        request,
        "funds/list.html",
        {"funds": funds, "can_manage": permissions.can_manage_funds(request.user)},
    )


def _dashboard_charts(fund: Fund, report: dict, language: str) -> dict:
    currency = fund.currency
    base = reverse("fund-investments", args=[fund.slug])

    def money(value) -> str:
        return format_money(Decimal(value or 0), currency, language)

    def bar(label, value, href=""):
        return charts.Bar(label=label, value=Decimal(value or 0), href=href, note=money(value))

    def breakdown(dimension):
        return charts.bar_chart(
            [
                bar(row["label"], row["amount"], f"{base}?{dimension}={row['key']}")
                for row in report["breakdowns"][dimension]
            ],
            title=str(figures.DIMENSION_TITLES[dimension]),
        )

    duty = report["obligation"]
    return {
        "size": charts.bar_chart(
            [
                bar(_("Target"), report["target"]),
                bar(_("Raised"), report["raised"], "#commitments"),
                bar(_("Called"), report["called"], "#commitments"),
                bar(_("Planned"), report["planned"], "#plan"),
                bar(_("Deployed"), report["deployed"], base),
            ],
            title=_("Raised against the target, deployed against the plan"),
        ),
        "by_year": charts.paired_bar_chart(
            [
                (
                    str(row["year"]),
                    bar("", row["plan"]),
                    bar("", row["deployed"], f"{base}?year={row['year']}"),
                )
                for row in report["deployment_by_year"]
            ],
            title=_("Deployed against the plan, by year"),
            legend=(_("Planned"), _("Deployed")),
        ),
        "obligation": charts.bar_chart(
            [
                bar(_("Local investment required"), duty["required"]),
                bar(_("Qualifying investments"), duty["qualifying"], f"{base}?local=1"),
            ],
            title=_("The local investment obligation"),
        ),
        **{f"by_{dimension}": breakdown(dimension) for dimension in figures.DIMENSIONS},
    }


@require_safe
@login_required
def fund_dashboard(request, slug):
    fund = _readable_fund(request, slug)
    report = figures.fund_report(fund)
    context = {
        "fund": fund,
        "report": report,
        "charts": _dashboard_charts(fund, report, request.LANGUAGE_CODE),
        "commitments": fund.commitments.all(),
        "plan": fund.plan.all(),
        "can_manage": permissions.can_manage_fund(request.user, fund),
    }
    return render(request, "funds/dashboard.html", context)


@require_http_methods(FORM_METHODS)
@login_required
def fund_new(request):
    if not permissions.can_manage_funds(request.user):
        raise PermissionDenied
    form = FundForm(
        request.POST or None, instance=Fund(organisation_id=request.user.organisation_id)
    )
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        fund = save_through(form, lambda: services.create_fund(actor=request.user, data=data))
        if fund is not FAILED:
            messages.success(request, _("The fund was created."))
            return redirect("fund-dashboard", slug=fund.slug)
    return render(request, "funds/form.html", {"form": form, "title": _("New fund")})


@require_http_methods(FORM_METHODS)
@login_required
def fund_edit(request, slug):
    fund = _managed_fund(request, slug)
    form = FundForm(request.POST or None, instance=fund)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        saved = save_through(
            form, lambda: services.update_fund(actor=request.user, fund=fund, data=data)
        )
        if saved is not FAILED:
            messages.success(request, _("The fund was saved."))
            return redirect("fund-dashboard", slug=saved.slug)
    return render(request, "funds/form.html", {"form": form, "fund": fund, "title": _("Edit fund")})


@require_http_methods(FORM_METHODS)
@login_required
def fund_plan(request, slug):
    fund = _managed_fund(request, slug)
    # Bound on every POST: an empty plan is a valid answer (it clears the plan).
    data = request.POST if request.method == "POST" else None
    form = PlanForm(data, initial={"plan": PlanForm.text_of(fund)})
    if request.method == "POST" and form.is_valid():
        plan = form.cleaned_data["plan"]
        saved = save_through(
            form, lambda: services.set_plan(actor=request.user, fund=fund, plan=plan)
        )
        if saved is not FAILED:
            messages.success(request, _("The deployment plan was saved."))
            return redirect("fund-dashboard", slug=fund.slug)
    return render(
        request, "funds/form.html", {"form": form, "fund": fund, "title": _("Deployment plan")}
    )


@require_http_methods(FORM_METHODS)
@login_required
def commitment_add(request, slug):
    fund = _managed_fund(request, slug)
    form = CommitmentForm(
        request.POST or None, instance=Commitment(fund=fund), initial={"currency": fund.currency}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        saved = save_through(
            form, lambda: services.add_commitment(actor=request.user, fund=fund, data=data)
        )
        if saved is not FAILED:
            messages.success(request, _("The commitment was added."))
            return redirect("fund-dashboard", slug=fund.slug)
    return render(
        request, "funds/form.html", {"form": form, "fund": fund, "title": _("New commitment")}
    )


@require_http_methods(FORM_METHODS)
@login_required
def commitment_edit(request, pk):
    commitment = get_object_or_404(
        Commitment.objects.filter(fund__in=permissions.visible_funds(request.user)), pk=pk
    )
    fund = commitment.fund
    if not permissions.can_manage_fund(request.user, fund):
        raise PermissionDenied
    form = CommitmentForm(request.POST or None, instance=commitment)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        saved = save_through(
            form,
            lambda: services.update_commitment(
                actor=request.user, commitment=commitment, data=data
            ),
        )
        if saved is not FAILED:
            messages.success(request, _("The commitment was saved."))
            return redirect("fund-dashboard", slug=fund.slug)
    return render(
        request, "funds/form.html", {"form": form, "fund": fund, "title": _("Edit commitment")}
    )


@require_safe
@login_required
def fund_investments(request, slug):
    """The investments behind a figure: the dashboard's bars link here with their filter."""
    fund = _readable_fund(request, slug)
    rows = [i for i in figures.investments_of(fund) if figures.matches(i, request.GET)]
    context = {
        "fund": fund,
        "rows": [(i, figures.origin_of(i)) for i in rows],
        "total": sum((i.amount_in_fund_currency for i in rows), Decimal(0)),
        "filters": {k: v for k, v in request.GET.items() if k in figures.FILTERS},
        "can_manage": permissions.can_manage_fund(request.user, fund),
    }
    return render(request, "funds/investments.html", context)


def _chosen_company(request):
    """The company picked in the form so far (a reload asks ``?company=``)."""
    pk = request.POST.get("company") or request.GET.get("company")
    if not pk or not str(pk).isdigit():
        return None
    return permissions.visible_companies(request.user).filter(pk=pk).first()


def _investment_form(request, fund, investment):
    form = InvestmentForm(
        request.POST or None,
        instance=investment,
        fund=fund,
        user=request.user,
        company=_chosen_company(request),
        reload_url=request.path,
    )
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        cited = list(form.cleaned_data["consultations"])
        if investment.pk:

            def call():
                return services.update_investment(
                    actor=request.user, investment=investment, data=data, consultations=cited
                )
        else:

            def call():
                return services.record_investment(
                    actor=request.user, fund=fund, data=data, consultations=cited
                )

        saved = save_through(form, call)
        if saved is not FAILED:
            messages.success(request, _("The investment was saved."))
            return redirect("investment-detail", pk=saved.pk)
    title = _("Edit investment") if investment.pk else _("New investment")
    return render(request, "funds/form.html", {"form": form, "fund": fund, "title": title})


@require_http_methods(FORM_METHODS)
@login_required
def investment_add(request, slug):
    fund = _managed_fund(request, slug)
    return _investment_form(request, fund, Investment(fund=fund, currency=fund.currency))


@require_http_methods(FORM_METHODS)
@login_required
def investment_edit(request, pk):
    investment = _visible_investment(request, pk)
    if not permissions.can_manage_fund(request.user, investment.fund):
        raise PermissionDenied
    return _investment_form(request, investment.fund, investment)


@require_safe
@login_required
def investment_detail(request, pk):
    investment = _visible_investment(request, pk)
    is_reader = permissions.can_read_funds(request.user)
    context = {
        "investment": investment,
        "origin": figures.origin_of(investment),
        # A company sees its own investment, not the agency's notes or other deals.
        "show_notes": permissions.can_view_investment_notes(request.user, investment),
        "consultations": investment.consultations.select_related("edition", "partner"),
        "earlier": (
            investment.fund.investments.filter(
                company=investment.company, invested_on__lt=investment.invested_on
            )
            if is_reader
            else []
        ),
        "can_manage": permissions.can_manage_fund(request.user, investment.fund),
        "is_reader": is_reader,
    }
    return render(request, "funds/investment_detail.html", context)


@require_safe
@login_required
def fund_export(request, slug):
    fund = _readable_fund(request, slug)
    response = HttpResponse(
        exports.fund_workbook(fund),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="fund-{fund.slug}.xlsx"'
    return response
