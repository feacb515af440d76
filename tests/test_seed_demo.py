import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.core.serializers import serialize

from demo.network import DEMO_PASSWORD, USERS

DEMO_ACCOUNTS = [
    "admin",
    "prov_marketing",
    "prov_coord",
    "rattaphum_coord",
    "rattaphum_chair",
    "hatyai_coord",
    "group_rep",
    "observer",
]


def snapshot() -> str:
    models = [
        *apps.get_app_config("members").get_models(),
        *apps.get_app_config("centers").get_models(),
        *apps.get_app_config("catalogue").get_models(),
        *apps.get_app_config("transactions").get_models(),
        *apps.get_app_config("meetings").get_models(),
        get_user_model(),
    ]
    return "".join(serialize("json", model.objects.order_by("pk")) for model in models)


def test_running_it_twice_changes_nothing(db):
    # The test database is seeded once already (tests/conftest.py).
    before = snapshot()
    call_command("seed_demo", force=True, stdout=None)
    assert snapshot() == before


def test_the_demo_accounts_sign_in(client, db):
    assert [username for username, *_ in USERS] == DEMO_ACCOUNTS
    for username in DEMO_ACCOUNTS:
        response = client.post(
            "/accounts/login/", {"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, username
        client.post("/accounts/logout/")
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert not get_user_model().objects.get(username="observer").is_staff


def test_it_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")


def test_it_runs_on_the_demo_site_of_make_run(db, settings):
    """`make run` keeps DEBUG off (settings_demo) and seeds without --force."""
    settings.DEBUG, settings.DEMO_SITE = False, True
    before = snapshot()
    call_command("seed_demo", stdout=None)
    assert snapshot() == before


def test_demo_network_shape(db):
    from centers.models import Center, CenterLevel, Membership, MembershipStatus

    assert Center.objects.filter(level=CenterLevel.DISTRICT).count() == 16
    province = Center.objects.get(level=CenterLevel.PROVINCIAL)
    assert province.host.name == "ชุมนุมสหกรณ์การเกษตรสงขลา จำกัด"
    # Every district center's host cooperative has its MOU with the province.
    assert (
        Membership.objects.filter(center=province, status=MembershipStatus.ACTIVE)
        .filter(organization__hosted_center__isnull=False)
        .count()
        == 16
    )
    # Every demo row obeys the model's own rules.
    for model in [
        *apps.get_app_config("members").get_models(),
        *apps.get_app_config("centers").get_models(),
        *apps.get_app_config("catalogue").get_models(),
        *apps.get_app_config("transactions").get_models(),
        *apps.get_app_config("meetings").get_models(),
    ]:
        if model.__name__.startswith("Historical"):
            continue
        for obj in model.objects.all():
            obj.full_clean()
