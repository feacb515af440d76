from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """Admin with the audit trail shown read-only.

    SIMPLE_HISTORY_REVERT_DISABLED only hides the revert button: simple_history's
    record view still saves a POST. History is evidence, so that POST is refused.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied("ประวัติการแก้ไขเป็นหลักฐาน ย้อนกลับหรือแก้ไขไม่ได้")
        return super().history_form_view(request, object_id, version_id, extra_context)
