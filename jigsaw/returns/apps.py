from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "jigsaw.returns"
    label = "returns"
    verbose_name = "Statutory returns"

    def ready(self) -> None:
        from jigsaw.core.navigation import register_menu_item

        from .permissions import may_produce_returns

        register_menu_item(may_produce_returns, "returns:index", "Statutory returns")
