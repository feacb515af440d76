from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    """The organization pages and their admin: no models of its own (organizations and
    people are members' models); an app so that Django finds its admin."""

    name = "members.organizations"
    label = "organizations"
    verbose_name = "องค์กร"
