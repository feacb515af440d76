"""Member rosters (issue 7)."""


def organization_roster_context(request, organization) -> dict:
    return {}
