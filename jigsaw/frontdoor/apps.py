from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "jigsaw.frontdoor"
    label = "frontdoor"
    verbose_name = "Front door"
