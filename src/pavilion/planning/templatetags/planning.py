from django import template
from django.utils import timezone

from pavilion.accounts import permissions

register = template.Library()


@register.simple_tag
def open_calls(user):
    """Calls for participation open now, for the navigation (companies apply there)."""
    now = timezone.now()
    return list(permissions.visible_calls(user).filter(opens_at__lte=now, deadline__gt=now)[:3])
