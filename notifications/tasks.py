"""Background tasks (Django's tasks framework, run by `manage.py db_worker`)."""

from django_tasks import task

from . import services


@task()
def send_due_deliveries() -> str:
    """Send the e-mails that are due, right after the event that wrote them."""
    return str(services.deliveries_send_due())
