"""The scheduler's sweep of the outbox (songkhla_network.periodic): whatever the tasks
did not send (a lost task, a failed attempt waiting for its retry) goes from here."""

import datetime

from songkhla_network.periodic import periodic_job

from . import services


@periodic_job("notifications", every=datetime.timedelta(minutes=1))
def notifications() -> str:
    return str(services.deliveries_send_due())
