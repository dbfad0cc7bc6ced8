from django.apps import AppConfig


class ChannelConfig(AppConfig):
    name = "jigsaw.channel"
    label = "channel"
    verbose_name = "Channel panel (Prevent)"

    def ready(self) -> None:
        # Register this area's models with auditlog (serialize_data=True) and its record
        # types with the access policy here, as jigsaw/protection/apps.py does.
        pass
