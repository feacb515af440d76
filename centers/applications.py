"""The application and MOU part of an organization's page (issue 7)."""


def organization_application_context(request, organization) -> dict:
    return {}
