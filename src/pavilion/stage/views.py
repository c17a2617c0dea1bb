"""The stage agenda and its ICS; operators schedule pitches here.

The organisation's members read every edition's agenda. Once an operator
makes an edition's agenda public, anyone with the link reads it too (signed
in or not, e.g. from a QR code at the stage), without links into the
organisation's private pages and without any of its forms.
"""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from pavilion.accounts import permissions
from pavilion.consultations import services as consultation_services
from pavilion.consultations.forms import consultation_from_fields, read_consultation_from
from pavilion.consultations.models import ConsultationKind
from pavilion.core.forms import PlausibleMixin
from pavilion.meetings.services import BookingConflict
from pavilion.stage import calendar, services
from pavilion.stage.models import PitchLanguage


class PitchForm(PlausibleMixin, forms.Form):
    stage = forms.ModelChoiceField(
        queryset=None, label=pgettext_lazy("pitching stage", "Stage"), empty_label=None
    )
    company = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Company"))
    title = forms.CharField(max_length=200, label=gettext_lazy("Title"))
    presenter = forms.CharField(max_length=100, required=False, label=gettext_lazy("Presenter"))
    language = forms.ChoiceField(choices=PitchLanguage.choices, label=gettext_lazy("Language"))
    day = forms.DateField(label=gettext_lazy("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(
        label=gettext_lazy("Start"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end = forms.TimeField(label=gettext_lazy("End"), widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, *args, user, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = permissions.visible_stages(user).filter(edition=edition)
        companies = (
            permissions.visible_companies(user)
            .filter(
                participations__edition=edition,
                participations__status__in=services.PITCHING_STATUSES,
            )
            .distinct()
            .order_by("name_en")
        )
        self.fields["company"].queryset = companies
        if not companies.exists():
            self.fields["company"].help_text = _(
                "No company can pitch yet: only companies selected or confirmed for this "
                "edition can. Select companies in the call, or confirm their participation."
            )


def _readable_edition(request, slug):
    """The edition, if the user may read its agenda; None for someone not signed
    in, who is sent to sign in (the agenda may be their organisation's)."""
    edition = permissions.stage_agenda_editions(request.user).filter(slug=slug).first()
    if edition is None and request.user.is_authenticated:
        raise Http404
    return edition


def _sessions(request, edition):
    """The pitches the user may act on (their organisation's)."""
    return (
        permissions.visible_pitch_sessions(request.user)
        .filter(stage__edition=edition)
        .select_related("stage__edition", "company")
        .order_by("start", "stage__name")
    )


def _listed_sessions(request, edition):
    return (
        permissions.stage_agenda_sessions(request.user, edition)
        .select_related("stage__edition", "company")
        .order_by("start", "stage__name")
    )


@require_http_methods(["GET", "HEAD", "POST"])
def stage_agenda(request, slug):
    edition = _readable_edition(request, slug)
    if edition is None or (request.method == "POST" and not request.user.is_authenticated):
        return redirect_to_login(request.get_full_path())
    member = permissions.visible_editions(request.user).filter(pk=edition.pk).exists()
    can_manage = permissions.can_manage_edition(request.user, edition)
    form = PitchForm(user=request.user, edition=edition) if can_manage else None
    if request.method == "POST" and not member:
        raise Http404  # outsiders read a public agenda and do nothing else
    if request.method == "POST" and "consultation" in request.POST:
        return _log_consultation(request, edition, member=member, can_manage=can_manage)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if "public" in request.POST:
            services.set_agenda_public(
                actor=request.user, edition=edition, public=request.POST["public"] == "1"
            )
            return redirect("stage-agenda", slug=slug)
        if "cancel" in request.POST:
            pk = request.POST["cancel"]
            session = get_object_or_404(
                _sessions(request, edition), pk=int(pk) if pk.isdigit() else None
            )
            services.cancel_pitch(actor=request.user, session=session)
            return redirect("stage-agenda", slug=slug)
        if "stage_name" in request.POST:
            try:
                services.add_stage(
                    actor=request.user, edition=edition, name=request.POST["stage_name"][:100]
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("stage-agenda", slug=slug)
        form = PitchForm(request.POST, user=request.user, edition=edition)
        if form.is_valid():
            data = form.cleaned_data
            zone = edition.tzinfo
            try:
                services.schedule_pitch(
                    actor=request.user,
                    stage=data["stage"],
                    company=data["company"],
                    start=datetime.combine(data["day"], data["start"], tzinfo=zone),
                    end=datetime.combine(data["day"], data["end"], tzinfo=zone),
                    title=data["title"],
                    presenter=data["presenter"],
                    language=data["language"],
                )
            except BookingConflict as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The pitch is on the agenda."))
                return redirect("stage-agenda", slug=slug)
    return _agenda_page(request, edition, member=member, can_manage=can_manage, form=form)


def _agenda_page(
    request, edition, *, member, can_manage, form, consult_pk=None, sent=None, errors=None
):
    """The agenda; ``sent`` and ``errors`` are what a pitch's consultation form
    (session ``consult_pk``) sent and what was wrong with it."""
    sessions = list(_listed_sessions(request, edition))
    # Who may log a consultation from a pitch: operators, and the pitching company.
    partners = []
    if member and (can_manage or request.user.is_exhibitor):
        partners = list(permissions.visible_partners(request.user).order_by("name"))
    may_log = bool(partners)
    if may_log:
        currency = consultation_services.default_currency(edition)
        for s in sessions:
            mine = s.pk == consult_pk
            s.consultation_form = consultation_from_fields(
                partners=partners,
                default_kind=ConsultationKind.OTHER,
                default_currency=currency,
                sent=sent if mine else None,
                errors=errors if mine else None,
            )
    return render(
        request,
        "stage/agenda.html",
        {
            "edition": edition,
            "sessions": sessions,
            "stages": permissions.visible_stages(request.user).filter(edition=edition),
            "member": member,
            "public_url": request.build_absolute_uri(),
            "can_manage": can_manage,
            "form": form,
            "may_log": may_log,
        },
    )


def _log_consultation(request, edition, *, member, can_manage):
    """A buyer or investor met the company after its pitch: a consultation with source
    "pitch" (operators, and the pitching company itself). Checked as a booth lead's:
    the buyer or investor must be chosen; a refusal shows the form again, naming the field."""
    pk = request.POST["consultation"]
    session = get_object_or_404(_sessions(request, edition), pk=int(pk) if pk.isdigit() else None)
    sent, partner = read_consultation_from(request)
    try:
        services.record_pitch_consultation(
            actor=request.user,
            session=session,
            partner=partner,
            kind=sent["kind"],
            amount=sent["amount"],
            currency=sent["currency"],
        )
    except ValidationError as exc:
        form = PitchForm(user=request.user, edition=edition) if can_manage else None
        return _agenda_page(
            request,
            edition,
            member=member,
            can_manage=can_manage,
            form=form,
            consult_pk=session.pk,
            sent=sent,
            errors=exc.message_dict,
        )
    messages.success(request, _("The consultation is logged with the pitch as its source."))
    return redirect("stage-agenda", slug=edition.slug)


@require_safe
def stage_agenda_ics(request, slug):
    edition = _readable_edition(request, slug)
    if edition is None:
        return redirect_to_login(request.get_full_path())
    content = calendar.stage_ics(
        _listed_sessions(request, edition),
        title=f"{edition.name} · {_('Pitching stage')}",
        base_url=request.build_absolute_uri("/"),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stage-{edition.slug}.ics"'
    return response
