"""Baseline profile of an organization (issue 7)."""


def organization_baseline_context(request, organization) -> dict:
    return {}
