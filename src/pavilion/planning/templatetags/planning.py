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
