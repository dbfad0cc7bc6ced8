from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "jigsaw.insights"
    label = "insights"
    verbose_name = "Figures and returns' cohorts"
