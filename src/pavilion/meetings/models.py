"""The dedicated consultation space: rooms, tables, slots, meeting requests and meetings.

Double-booking is made impossible by the database itself: partial unique
constraints allow one live meeting per table, per company and per partner in
a slot, so two concurrent bookings cannot both succeed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Room(models.Model):
    edition = models.ForeignKey(
        "shows.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=100)
    location = models.CharField(_("location"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("meeting room")
        verbose_name_plural = _("meeting rooms")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="room_name_per_edition")
        ]

    def __str__(self):
        return self.name


class Table(models.Model):
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.CASCADE, related_name="tables"
    )
    number = models.CharField(_("table number"), max_length=20)

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["room__name", "number"]
        constraints = [
            models.UniqueConstraint(fields=["room", "number"], name="table_number_per_room")
        ]

    def __str__(self):
        return f"{self.room.name} {self.number}"


class Slot(models.Model):
    """A meeting slot of the consultation space (aware datetimes; shown in the show's zone)."""

    edition = models.ForeignKey(
        "shows.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="slots"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    class Meta:
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "start"], name="one_slot_per_start"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="slot_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.start:%Y-%m-%d %H:%M}"


class Unavailability(models.Model):
    """A time a company or a partner cannot meet (other duties, the pitching stage…)."""

    edition = models.ForeignKey(
        "shows.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    company = models.ForeignKey(
        "companies.Company", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailabilities")
        constraints = [
            models.CheckConstraint(
                condition=Q(company__isnull=False) ^ Q(partner__isnull=False),
                name="unavailability_of_one_party",
            )
        ]

    def __str__(self):
        return f"{self.company or self.partner}: {self.start:%Y-%m-%d %H:%M}–{self.end:%H:%M}"


class PreferredTime(models.Model):
    """A time a company or a partner would rather meet in (a wish the scheduler honours
    among schedules equal on meetings and weight; see docs/scheduling-format.md)."""

    edition = models.ForeignKey(
        "shows.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    company = models.ForeignKey(
        "companies.Company", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))

    class Meta:
        verbose_name = _("preferred time")
        verbose_name_plural = _("preferred times")
        constraints = [
            models.CheckConstraint(
                condition=Q(company__isnull=False) ^ Q(partner__isnull=False),
                name="preferred_time_of_one_party",
            )
        ]

    def __str__(self):
        return f"{self.company or self.partner}: {self.start:%Y-%m-%d %H:%M}–{self.end:%H:%M}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingRequest(models.Model):
    """One company–partner pair's wish to meet at an edition.

    Either side may ask (the flags record who wants it, so mutual interest
    ranks higher); the other side accepts or declines; an operator may ask for
    both and accept on their behalf.
    """

    edition = models.ForeignKey(
        "shows.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="meeting_requests",
    )
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("buyer or investor"),
        on_delete=models.CASCADE,
        related_name="meeting_requests",
    )
    company_wants = models.BooleanField(_("the company asked"), default=False)
    partner_wants = models.BooleanField(_("the buyer or investor asked"), default=False)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "company", "partner"], name="one_request_per_pair"
            )
        ]

    def __str__(self):
        return f"{self.company} ↔ {self.partner}"

    @property
    def mutual(self) -> bool:
        return self.company_wants and self.partner_wants


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


LIVE = ~Q(status=MeetingStatus.CANCELLED)


class Meeting(models.Model):
    """A meeting in a slot, at a table of the consultation space or at the company's booth."""

    edition = models.ForeignKey(
        "shows.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    request = models.ForeignKey(
        MeetingRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    company = models.ForeignKey(
        "companies.Company", verbose_name=_("company"), on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("buyer or investor"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    slot = models.ForeignKey(
        Slot, verbose_name=_("slot"), on_delete=models.CASCADE, related_name="meetings"
    )
    table = models.ForeignKey(
        Table,
        verbose_name=_("table"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("Empty: at the company's booth"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    draft = models.BooleanField(
        _("draft"), default=False, help_text=_("Proposed by the scheduler, not yet published")
    )
    consultation = models.OneToOneField(
        "consultations.Consultation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting",
    )
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__start"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=LIVE & Q(table__isnull=False),
                name="one_meeting_per_table_and_slot",
            ),
            models.UniqueConstraint(
                fields=["slot", "company"], condition=LIVE, name="company_not_double_booked"
            ),
            models.UniqueConstraint(
                fields=["slot", "partner"], condition=LIVE, name="partner_not_double_booked"
            ),
        ]

    def __str__(self):
        return f"{self.slot}: {self.company} × {self.partner}"


class ScheduleRun(models.Model):
    """One run of the scheduler for an edition: its draft, its figures, why some are left out."""

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        DRAFT = "draft", _("Draft ready")
        PUBLISHED = "published", _("Published")
        FAILED = "failed", _("Failed")

    edition = models.ForeignKey(
        "shows.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stats = models.JSONField(_("figures"), default=dict)
    unscheduled = models.JSONField(_("left out, with reasons"), default=dict)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduler run")
        verbose_name_plural = _("scheduler runs")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.edition} {self.started_at:%Y-%m-%d %H:%M} ({self.state})"


class MeetingRules(models.Model):
    """The edition's rules for the consultation space, e.g. at most N meetings a day."""

    edition = models.OneToOneField(
        "shows.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    company_daily_quota = models.PositiveSmallIntegerField(
        _("meetings per company per day"), null=True, blank=True
    )
    partner_daily_quota = models.PositiveSmallIntegerField(
        _("meetings per buyer or investor per day"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("meeting rules")
        verbose_name_plural = _("meeting rules")

    def __str__(self):
        return str(self.edition)
