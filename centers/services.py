"""Writes to the network's structure. Each checks the model's rules before saving."""

import datetime

from .models import Membership, MembershipStatus


def membership_approve(*, membership: Membership, on: datetime.date, by=None) -> Membership:
    """An applied membership becomes active from `on` (the two-tier rules still apply);
    the decision is recorded (who, when)."""
    membership.status = MembershipStatus.ACTIVE
    membership.joined_on = on
    membership.decided_on = on
    membership.decided_by = by
    membership.full_clean()
    membership.save(update_fields=["status", "joined_on", "decided_on", "decided_by"])
    return membership
