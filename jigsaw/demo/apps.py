from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "jigsaw.demo"
    label = "demo"
    verbose_name = "Demo authority"
