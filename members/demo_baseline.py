"""Demo data (issue 7)."""


def seed_baseline(users) -> None:
    pass
