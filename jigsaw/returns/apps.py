from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "jigsaw.returns"
    label = "returns"
    verbose_name = "Statutory returns"

    def ready(self) -> None:
        from jigsaw.core.navigation import register_menu_item

        from .permissions import may_produce_returns

        register_menu_item(may_produce_returns, "returns:index", "Statutory returns")
        # What the validators found wrong is on the child's worker's "My work" until put right.
        from jigsaw.core.selectors import register_work_source

        from .selectors import findings_to_fix

        register_work_source(area="returns", source=findings_to_fix)
