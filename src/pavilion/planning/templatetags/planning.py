from django import template
from django.utils import timezone

from pavilion.accounts import permissions

register = template.Library()


@register.simple_tag
def open_calls(user):
    """Calls for participation open now, for the navigation: companies apply
    there and staff follow them; buyers, investors and the agency have nothing
    to do on a call."""
    if not (user.is_exhibitor or permissions.is_staff_reader(user)):
        return []
    now = timezone.now()
    return list(permissions.visible_calls(user).filter(opens_at__lte=now, deadline__gt=now)[:3])


@register.simple_tag
def company_invitations(user, company):
    """Invitations to join a pavilion sent to ``company``, for its own members (on
    their company page, where they land)."""
    if not (user.is_exhibitor and user.company_id == company.pk):
        return []
    return list(
        permissions.visible_invitations(user)
        .filter(company=company)
        .select_related("edition", "pavilion")
        .order_by("-pk")[:10]
    )


@register.simple_tag
def edition_call(user, edition):
    """The edition's call for participation, if it has one the user may read (the
    dashboard links it only then)."""
    return permissions.visible_calls(user).filter(edition=edition).first()
