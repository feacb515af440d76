"""The whole demo, its parts in a fixed order: every row gets the same primary key on
every fresh database (the pages show ids).

Idempotent: every row is found by its natural key and brought to the values of its part,
so running it twice changes nothing.
"""

from django.db import transaction

from .baseline import seed_baseline
from .meetings import seed_meetings
from .network import seed_applications, seed_network, seed_planning
from .purchases import seed_purchases
from .rosters import seed_rosters


@transaction.atomic
def seed_demo() -> None:
    users, province, district_centers = seed_network()
    seed_purchases(users, province, district_centers)
    seed_meetings(users)  # the meetings of the network's committees
    seed_planning(province, district_centers["9009"])
    seed_applications(users, province, district_centers)
    seed_baseline(users)  # profiles, interests, links
    seed_rosters(users)  # the groups' member lists
