from django.apps import AppConfig


class RostersConfig(AppConfig):
    """Member rosters (ส่งรายชื่อสมาชิก): each member group's list of its individual
    members, sent to the province through the district center, and the log of unmasked
    national IDs.

    Its models were the members app's until issue 15 and keep their tables (members_...)."""

    name = "members.rosters"
    label = "rosters"
    verbose_name = "ทะเบียนรายชื่อสมาชิก"
