from pavilion.accounts import permissions


def navigation(request):
    """What the top bar needs: the user's editions, newest first."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_is_staff": permissions.is_staff_reader(user),
        "nav_is_operator": permissions.is_operator(user),
    }
