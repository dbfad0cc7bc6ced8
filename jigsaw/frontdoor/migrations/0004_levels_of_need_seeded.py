"""The partnership's levels of need start as the setting (or the canonical four), so the
partnership manager edits what was there rather than starting from nothing."""

from django.conf import settings
from django.db import migrations

CANONICAL = {"universal": 1, "early_help": 2, "targeted": 3, "specialist": 4}
DEFAULT = [("universal", "Universal"), ("early_help", "Early help"), ("targeted", "Targeted"), ("specialist", "Specialist")]


def seed(apps, schema_editor):
    LevelOfNeed = apps.get_model("frontdoor", "LevelOfNeed")
    if LevelOfNeed.objects.exists():
        return
    levels = list(getattr(settings, "JIGSAW_LEVELS_OF_NEED", DEFAULT))
    for position, (key, label) in enumerate(levels, start=1):
        # Lowest first: spread a local list over the canonical four when it is not the default.
        canonical = CANONICAL.get(str(key)) or min(4, 1 + (position - 1) * 4 // max(len(levels), 1))
        LevelOfNeed.objects.create(key=str(key), label=str(label), canonical_level=canonical, position=position)


class Migration(migrations.Migration):
    dependencies = [("frontdoor", "0003_assignment_referrals_levels_of_need")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
