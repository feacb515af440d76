import pytest
from django.contrib.auth.models import User

from demo.seed import seed_demo


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the demo network once; each test runs in a transaction rolled back after it.

    pytest-django runs transactional tests (the browser tests) last; they flush the
    database and seed it again themselves.
    """
    with django_db_blocker.unblock():
        seed_demo()


@pytest.fixture
def demo(db):
    """The demo network (seed_demo): every test meets the same cast."""


@pytest.fixture
def login(client, demo):
    """login("rattaphum_coord") signs the test client in as a demo account."""

    def _login(username: str):
        client.force_login(User.objects.get(username=username))
        return client

    return _login


@pytest.fixture
def admin_client_demo(login):
    return login("admin")
