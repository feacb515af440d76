import datetime

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from . import thai


class ThaiHistoryContextHelper(HistoricalRecordContextHelper):
    """Values in admin's history table: BE dates, "—" for empty, Thai for deleted rows."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if value is None or value == "":
            return "—"
        if isinstance(value, DeletedObject):
            if value.pk is None:
                return "—"
            return f"{value.model._meta.verbose_name} ที่ถูกลบแล้ว (รหัส {value.pk})"
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return thai.be_date(value)
        if change.field == "year":
            return thai.year_text(value)  # 2548, not the number 2,005
        return value


class HistoryAdmin(SimpleHistoryAdmin):
    """Admin with the audit trail shown read-only and in Thai.

    SIMPLE_HISTORY_REVERT_DISABLED only hides the revert button: simple_history's
    record view still saves a POST. History is evidence, so that POST is refused.
    """

    def get_historical_record_context_helper(self, request, historical_record):
        return ThaiHistoryContextHelper(self.model, historical_record)

    def deletion_refusals(self, request, obj) -> list[str]:
        """Why `obj` may not be deleted, in Thai (beyond the records that protect it in
        the database, which admin lists itself); none by default."""
        return []

    def get_deleted_objects(self, objs, request):
        """Admin's delete page (and "delete selected") lists what protects the objects
        and deletes nothing while the list is not empty: the reasons join that list."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for obj in objs:
            protected.extend(self.deletion_refusals(request, obj))
        return deleted, counts, perms_needed, protected

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied("ประวัติการแก้ไขเป็นหลักฐาน ย้อนกลับหรือแก้ไขไม่ได้")
        return super().history_form_view(request, object_id, version_id, extra_context)
