from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "jigsaw.insights"
    label = "insights"
    verbose_name = "Figures"

    def ready(self) -> None:
        # "Figures" in the menu for analysts, managers and the restricted teams (their own area).
        from jigsaw.core.navigation import register_menu_item

        from .permissions import may_see_figures

        register_menu_item(may_see_figures, "insights:index", "Figures")
