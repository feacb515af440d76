from . import access


def navigation(request):
    """What the menu offers; the views check every request regardless."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_organizations": access.organization_list_decision(user) is access.Decision.ALLOW}
