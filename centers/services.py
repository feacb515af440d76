"""Writes to the network's structure. Each checks the model's rules before saving."""

import datetime

from .models import Membership, MembershipStatus


def membership_approve(*, membership: Membership, on: datetime.date) -> Membership:
    """An applied membership becomes active from `on` (the two-tier rules still apply)."""
    membership.status = MembershipStatus.ACTIVE
    membership.joined_on = on
    membership.full_clean()
    membership.save(update_fields=["status", "joined_on"])
    return membership
