"""Test markers shared by several test modules."""

import pytest
from django.db import connection

# Row locks (SELECT ... FOR UPDATE) only mean something on PostgreSQL; CI runs there.
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs on it)"
)
