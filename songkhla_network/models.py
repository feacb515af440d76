from axes.models import AccessAttempt


class SignInLockout(AccessAttempt):
    """django-axes' record of failed sign-ins, as admins see it: in Thai, to unlock."""

    class Meta:
        proxy = True
        verbose_name = "การระงับการเข้าสู่ระบบ"
        verbose_name_plural = "การระงับการเข้าสู่ระบบ"

    def __str__(self):
        return f"{self.username} จากที่อยู่เครื่อง {self.ip_address}"
