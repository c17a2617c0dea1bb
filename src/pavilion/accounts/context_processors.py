from pavilion.accounts import permissions
from pavilion.shows.queries import current_edition


def navigation(request):
    """What the top bar needs: the user's editions, newest first."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    context = {
        "nav_is_staff": permissions.is_staff_reader(user),
        "nav_is_operator": permissions.is_operator(user),
        "nav_funds": permissions.can_read_funds(user),
    }
    if user.is_exhibitor or user.is_partner_contact:
        # Companies and partners work on the edition at hand: meetings, consultations.
        context["nav_edition"] = current_edition(user)
    return context
