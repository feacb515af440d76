"""Permission matrix rows for this feature (see tests/test_permissions.py)."""

ROWS = []
