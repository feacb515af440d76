"""Reads of the network's core that several areas share."""

from django.contrib.auth.models import User

from .models import Organization, Representative


def representative_users(organization: Organization | int) -> list[User]:
    """The accounts that represent an organization (its group representatives). One query."""
    return [
        representative.user
        for representative in Representative.objects.filter(organization=organization)
        .select_related("user")
        .order_by("pk")
    ]
