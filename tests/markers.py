"""Test markers shared by several test modules."""

import pytest
from django.conf import settings
from django.db import connection

# PostgreSQL's own locking, row by row (FOR SHARE, FOR NO KEY UPDATE); CI runs there. Two
# people at once on either database: needs_two_connections below.
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs on it)"
)

# Two people at once: two connections, each in its own thread, wait for each other.
# PostgreSQL with its row locks; SQLite in a file (the test settings put it there), where
# every transaction begins IMMEDIATE and waits for the database's one write lock
# (settings). An in-memory SQLite database (no TEST NAME) shares one cache between its
# connections and cannot.
needs_two_connections = pytest.mark.skipif(
    connection.vendor == "sqlite" and not settings.DATABASES["default"].get("TEST", {}).get("NAME"),
    reason="two connections at once need PostgreSQL or SQLite in a file",
)
