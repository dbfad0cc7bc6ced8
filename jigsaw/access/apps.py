from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "jigsaw.access"
    label = "access"
    verbose_name = "Access"

    def ready(self) -> None:
        from jigsaw.core.navigation import register_menu_item

        from .policy import Action, can

        register_menu_item(
            lambda user: can(user, Action.ISSUE_ENROLMENT_CODE), "access:enrolment-codes", "Set-up codes"
        )
