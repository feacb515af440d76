import re

from django.views.debug import SafeExceptionReporterFilter

PERSONAL = re.compile(r"phone|national_id|id_card|password|token|secret", re.I)


class PersonalDataFilter(SafeExceptionReporterFilter):
    """Error reports (emails to admins, logs) show no phone numbers or national IDs.

    Django already hides passwords in settings; this hides any POST field whose name
    says it holds personal data (phone, people-0-phone, national_id, ...).
    """

    def get_post_parameters(self, request):
        parameters = super().get_post_parameters(request)
        if not parameters:
            return parameters
        cleaned = parameters.copy()
        for key in cleaned:
            if PERSONAL.search(key):
                cleaned[key] = self.cleansed_substitute
        return cleaned

    def is_active(self, request):
        return True  # also with DEBUG on
