from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jigsaw.core"
    label = "core"
    verbose_name = "Jigsaw core"

    def ready(self) -> None:
        from .logs import connect_task_signals

        connect_task_signals()
