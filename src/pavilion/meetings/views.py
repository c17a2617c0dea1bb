"""Consultation-space pages: the operator's schedule, requests, agendas, meetings."""

from datetime import date, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pavilion.accounts import permissions
from pavilion.meetings import calendar, queries, scheduling, services
from pavilion.meetings.forms import RoomForm, SlotsForm, form_problems
from pavilion.meetings.models import MeetingStatus, Room, ScheduleRun, Slot, Table


def _pk(value) -> int | None:
    """A record id from a form, or None (never a server error on bad input)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _edition(request, slug):
    return get_object_or_404(permissions.visible_editions(request.user), slug=slug)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def schedule(request, slug):
    """The operator's view of the consultation space: slots, scheduler, draft, publish."""
    edition = _edition(request, slug)
    if not permissions.can_view_edition_dashboard(request.user, edition):
        raise PermissionDenied
    if request.method == "POST":
        if not permissions.can_manage_edition(request.user, edition):
            raise PermissionDenied
        try:
            _schedule_action(request, edition)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except services.BookingConflict as conflict:
            messages.error(request, str(conflict))
        return redirect("meeting-schedule", slug=edition.slug)
    run = ScheduleRun.objects.filter(edition=edition).first()
    return render(
        request,
        "meetings/schedule.html",
        {
            "edition": edition,
            "run": run,
            "rooms": Room.objects.filter(edition=edition).prefetch_related("tables"),
            "utilisation": queries.slot_utilisation(edition),
            "meetings": queries.visible_meetings(request.user)
            .filter(edition=edition)
            .select_related("slot", "table__room", "company", "partner")
            .order_by("slot__start", "table__room__name", "table__number"),
            "unscheduled": _unscheduled(run),
            "can_manage": permissions.can_manage_edition(request.user, edition),
            **_booking_choices(request.user, edition),
        },
    )


def _booking_choices(user, edition) -> dict:
    """What the operator's forms offer: this edition's companies, partners, slots, tables."""
    return {
        "companies": permissions.visible_companies(user)
        .filter(participations__edition=edition)
        .distinct()
        .order_by("name_en"),
        "partners": permissions.visible_partners(user).order_by("name"),
        "slots": Slot.objects.filter(edition=edition),
        "tables": Table.objects.filter(room__edition=edition).select_related("room"),
    }


# The scheduler core speaks English and no Django; its reasons are translated here.
REASONS = {
    "no common free slot": _lazy("no common free slot"),
    "no table open when all are free": _lazy("no table open when all are free"),
    "daily quota reached": _lazy("daily quota reached"),
    "participants are busy in every common free slot": _lazy(
        "both sides are busy in every common free slot"
    ),
    "no table free in the common free slots": _lazy("no table free in the common free slots"),
}


def _unscheduled(run):
    if run is None or not run.unscheduled:
        return []
    from pavilion.meetings.models import MeetingRequest

    requests = MeetingRequest.objects.filter(pk__in=run.unscheduled).select_related(
        "company", "partner"
    )
    reasons = run.unscheduled
    return [(r, REASONS.get(reasons[str(r.pk)], reasons[str(r.pk)])) for r in requests]


def _schedule_action(request, edition):
    post = request.POST
    if "slots" in post:
        form = SlotsForm(post, edition=edition)
        if not form.is_valid():
            raise form_problems(form)
        data = form.cleaned_data
        created = services.generate_slots(
            actor=request.user,
            edition=edition,
            days=[date.fromisoformat(d) for d in data["day"]],
            opens=data["opens"],
            closes=data["closes"],
            minutes=data["minutes"],
            breaks=[(data["break_from"], data["break_to"])] if data.get("break_from") else [],
        )
        messages.success(request, _("%(n)s slots created.") % {"n": len(created)})
    elif "room" in post:
        # "abc", "-3" or nothing as a table count is refused, not saved as 0 tables.
        form = RoomForm(post)
        if not form.is_valid():
            raise form_problems(form)
        room, _created = Room.objects.get_or_create(edition=edition, name=form.cleaned_data["room"])
        existing = room.tables.count()
        added = form.cleaned_data["tables"]
        for n in range(added):
            Table.objects.get_or_create(room=room, number=str(existing + 1 + n))
        messages.success(
            request,
            _("Room %(room)s saved with %(n)s tables.")
            % {"room": room.name, "n": existing + added},
        )
    elif "run" in post:
        scheduling.start_run(actor=request.user, edition=edition, time_limit=30)
        messages.success(request, _("The scheduler is running; this page follows its progress."))
    elif "publish" in post:
        run = get_object_or_404(ScheduleRun, pk=_pk(post["publish"]), edition=edition)
        n = scheduling.publish(actor=request.user, run=run)
        messages.success(request, _("%(n)s meetings published.") % {"n": n})


@require_safe
@login_required
def run_status(request, slug):
    """Polled by the schedule page while a run is going (htmx, every 2 s)."""
    edition = _edition(request, slug)
    if not permissions.can_view_edition_dashboard(request.user, edition):
        raise PermissionDenied
    run = ScheduleRun.objects.filter(edition=edition).first()
    response = render(request, "meetings/_run_progress.html", {"run": run, "edition": edition})
    if run is None or run.state != ScheduleRun.State.RUNNING:
        response["HX-Refresh"] = "true"  # show the draft
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def requests_page(request, slug):
    edition = _edition(request, slug)
    if request.method == "POST":
        user = request.user
        if "answer" in request.POST:
            req = get_object_or_404(queries.visible_requests(user), pk=_pk(request.POST["answer"]))
            accept = request.POST.get("accept") == "1"
            services.answer_request(actor=user, request=req, accept=accept)
            messages.success(
                request,
                (_("You accepted to meet %(name)s.") if accept else _("You declined %(name)s."))
                % {"name": req.partner.name if user.is_exhibitor else req.company.name},
            )
        else:
            company_id = user.company_id if user.is_exhibitor else _pk(request.POST.get("company"))
            partner_id = (
                user.partner_id if user.is_partner_contact else _pk(request.POST.get("partner"))
            )
            company = get_object_or_404(permissions.visible_companies(user), pk=company_id)
            partner = get_object_or_404(permissions.visible_partners(user), pk=partner_id)
            try:
                req = services.request_meeting(
                    actor=user,
                    edition=edition,
                    company=company,
                    partner=partner,
                    message=request.POST.get("message", "")[:2000],
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                seen = queries.seen_by(user, req)
                messages.success(
                    request,
                    _("Your request to meet %(name)s is sent: %(state)s.")
                    % {
                        "name": partner.name if user.is_exhibitor else company.name,
                        "state": seen.state,
                    },
                )
        return redirect("meeting-requests", slug=edition.slug)
    rows = [
        queries.seen_by(request.user, r)
        for r in queries.visible_requests(request.user)
        .filter(edition=edition)
        .select_related("company__organisation", "partner", "created_by")
        .order_by("-created_at")
    ]
    context = {"edition": edition, "rows": rows}
    if permissions.can_manage_edition(request.user, edition):
        context.update(_booking_choices(request.user, edition))
    return render(request, "meetings/requests.html", context)


def _agenda_subject(request, edition):
    """Whose agenda: your own, or (for staff) the company or partner asked for."""
    user = request.user
    meetings = queries.visible_meetings(user).filter(edition=edition, draft=False)
    if user.is_exhibitor:
        return user.company.name, meetings
    if user.is_partner_contact:
        return user.partner.name, meetings
    if company := _pk(request.GET.get("company")):
        subject = get_object_or_404(permissions.visible_companies(user), pk=company)
        return subject.name, meetings.filter(company=subject)
    if partner := _pk(request.GET.get("partner")):
        subject = get_object_or_404(permissions.visible_partners(user), pk=partner)
        return subject.name, meetings.filter(partner=subject)
    return edition.name, meetings


@require_safe
@login_required
def agenda(request, slug):
    edition = _edition(request, slug)
    title, meetings = _agenda_subject(request, edition)
    meetings = meetings.select_related("slot", "table__room", "company", "partner", "edition")
    return render(
        request,
        "meetings/agenda.html",
        {"edition": edition, "title": title, "meetings": meetings.order_by("slot__start")},
    )


@require_safe
@login_required
def agenda_ics(request, slug):
    edition = _edition(request, slug)
    title, meetings = _agenda_subject(request, edition)
    meetings = meetings.select_related("slot", "table__room", "company", "partner", "edition")
    content = calendar.agenda_ics(
        meetings, title=f"{edition.name} · {title}", base_url=request.build_absolute_uri("/")
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agenda-{edition.slug}.ics"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def meeting_detail(request, pk):
    meeting = get_object_or_404(
        queries.visible_meetings(request.user).select_related(
            "edition", "slot", "table__room", "company", "partner", "consultation"
        ),
        pk=pk,
    )
    can_change = permissions.can_manage_organisation(
        request.user, meeting.company.organisation_id
    ) or (request.user.is_exhibitor and request.user.company_id == meeting.company_id)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        try:
            if status := request.POST.get("status"):
                services.set_status(actor=request.user, meeting=meeting, status=status)
            elif "move" in request.POST:
                slot = get_object_or_404(
                    Slot, pk=_pk(request.POST.get("slot")), edition=meeting.edition
                )
                table = None
                if request.POST.get("table"):
                    table = get_object_or_404(
                        Table, pk=_pk(request.POST["table"]), room__edition=meeting.edition
                    )
                services.move_meeting(actor=request.user, meeting=meeting, slot=slot, table=table)
            elif "swap" in request.POST:
                other = get_object_or_404(
                    queries.visible_meetings(request.user).filter(edition=meeting.edition),
                    pk=_pk(request.POST.get("swap")),
                )
                services.swap_meetings(actor=request.user, first=meeting, second=other)
            elif "consultation" in request.POST:
                consultation = services.record_as_consultation(
                    actor=request.user, meeting=meeting, kind=request.POST.get("kind", "export")
                )
                return redirect("consultation-detail", pk=consultation.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except services.BookingConflict as conflict:
            messages.error(request, str(conflict))
        return redirect("meeting-detail", pk=meeting.pk)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "statuses": MeetingStatus.choices,
            "can_change": can_change,
            "can_arrange": permissions.can_manage_organisation(
                request.user, meeting.company.organisation_id
            ),
            "slots": Slot.objects.filter(edition=meeting.edition),
            "tables": Table.objects.filter(room__edition=meeting.edition).select_related("room"),
            "others": queries.visible_meetings(request.user)
            .filter(edition=meeting.edition)
            .exclude(pk=meeting.pk)
            .select_related("slot", "company", "partner")
            .order_by("slot__start")[:500],
        },
    )


@require_POST
@login_required
def book(request, slug):
    """Manual booking by an operator, with conflict checks."""
    edition = _edition(request, slug)
    if not permissions.can_manage_edition(request.user, edition):
        raise PermissionDenied
    user = request.user
    post = request.POST
    company = get_object_or_404(permissions.visible_companies(user), pk=_pk(post.get("company")))
    partner = get_object_or_404(permissions.visible_partners(user), pk=_pk(post.get("partner")))
    slot = get_object_or_404(Slot, pk=_pk(post.get("slot")), edition=edition)
    table = None
    if post.get("table"):
        table = get_object_or_404(Table, pk=_pk(post["table"]), room__edition=edition)
    try:
        meeting = services.book_meeting(
            actor=user, edition=edition, company=company, partner=partner, slot=slot, table=table
        )
    except services.BookingConflict as conflict:
        # The page says what is in the way; nothing was booked. (The API answers 409.)
        messages.error(request, str(conflict))
        return redirect("meeting-schedule", slug=edition.slug)
    messages.success(request, _("The meeting was booked."))
    return redirect("meeting-detail", pk=meeting.pk)


@require_safe
@login_required
def recommendations(request, slug):
    """Whom to meet: for a partner the companies, for a company the partners (staff choose)."""
    from pavilion.meetings import recommend

    edition = _edition(request, slug)
    user = request.user
    if user.is_partner_contact:
        subject, suggestions = user.partner, recommend.companies_for(user.partner, edition)
    elif user.is_exhibitor:
        subject, suggestions = user.company, recommend.partners_for(user.company, edition)
    elif not permissions.is_staff_reader(user):
        raise PermissionDenied
    elif company := _pk(request.GET.get("company")):
        subject = get_object_or_404(permissions.visible_companies(user), pk=company)
        suggestions = recommend.partners_for(subject, edition)
    elif partner := _pk(request.GET.get("partner")):
        subject = get_object_or_404(permissions.visible_partners(user), pk=partner)
        suggestions = recommend.companies_for(subject, edition)
    else:
        subject, suggestions = None, []
    return render(
        request,
        "meetings/recommendations.html",
        {"edition": edition, "subject": subject, "suggestions": suggestions},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def availability(request, slug):
    """A company or a buyer/investor marks the times it cannot meet."""
    from datetime import datetime

    from pavilion.meetings.models import PreferredTime, Unavailability

    edition = _edition(request, slug)
    user = request.user
    if user.is_exhibitor:
        party = {"company": user.company}
    elif user.is_partner_contact:
        party = {"partner": user.partner}
    else:
        raise PermissionDenied
    items = Unavailability.objects.filter(edition=edition, **party).order_by("start")
    wishes = PreferredTime.objects.filter(edition=edition, **party).order_by("start")
    if request.method == "POST":
        if remove := _pk(request.POST.get("remove")):
            get_object_or_404(items, pk=remove).delete()
            return redirect("availability", slug=edition.slug)
        if remove := _pk(request.POST.get("remove_preferred")):
            get_object_or_404(wishes, pk=remove).delete()
            return redirect("availability", slug=edition.slug)
        try:
            day = date.fromisoformat(request.POST.get("day", ""))
            start = datetime.combine(day, time.fromisoformat(request.POST.get("from", "")))
            end = datetime.combine(day, time.fromisoformat(request.POST.get("to", "")))
        except ValueError:
            messages.error(request, _("Give a day and a time from and to."))
            return redirect("availability", slug=edition.slug)
        times = {
            "actor": user,
            "edition": edition,
            "start": start.replace(tzinfo=edition.tzinfo),
            "end": end.replace(tzinfo=edition.tzinfo),
            **party,
        }
        try:
            if request.POST.get("preferred"):
                services.mark_preferred(**times)
            else:
                services.mark_unavailable(**times, reason=request.POST.get("reason", "")[:200])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("availability", slug=edition.slug)
    return render(
        request,
        "meetings/availability.html",
        {"edition": edition, "items": items, "wishes": wishes},
    )
