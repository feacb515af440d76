"""Reads of the center pages that come from the businesses (the catalogue's supporters)."""

from django.db.models import QuerySet

from centers.models import Center
from transactions.catalogue.models import Support


def center_supports(center: Center) -> QuerySet[Support]:
    """The center's supporters (ภาคีสนับสนุน), with their partner."""
    return Support.objects.filter(center=center).select_related("partner")
