from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "การประชุมประจำเดือน"

    def ready(self):
        """A meeting's stored quorum flag follows its committee's fraction and seats."""
        from centers.models import Committee, CommitteeMembership

        def committee_changed(sender, instance, raw=False, **kwargs):
            if not raw:
                from .services import refresh_quorum

                refresh_quorum(instance)

        def seat_changed(sender, instance, raw=False, **kwargs):
            if not raw and instance.committee_id:
                from .services import refresh_quorum

                refresh_quorum(instance.committee)

        post_save.connect(committee_changed, sender=Committee, weak=False)
        post_save.connect(seat_changed, sender=CommitteeMembership, weak=False)
        post_delete.connect(seat_changed, sender=CommitteeMembership, weak=False)
