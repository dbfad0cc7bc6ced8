from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jigsaw.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from django.db.models.signals import post_migrate

        from . import receivers

        user_logged_in.connect(receivers.record_sign_in, dispatch_uid="audit_sign_in")
        user_logged_out.connect(receivers.record_sign_out, dispatch_uid="audit_sign_out")
        user_login_failed.connect(receivers.record_sign_in_failed, dispatch_uid="audit_sign_in_failed")
        post_migrate.connect(receivers.narrow_audit_privileges, sender=self, dispatch_uid="audit_narrow_privileges")
