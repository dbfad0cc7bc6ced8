"""Static files in production: WhiteNoise's compressed, hashed, cached-for-a-year storage.

The compiled GOV.UK and MOJ Frontend files name source maps that are not shipped
(jigsaw/static/dist/); Django's manifest storage would refuse to collect them. Source map
references are left as they are (a browser's developer tools just find no map), every
other reference (url(), @import) is rewritten to the hashed name as usual.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns: tuple) -> tuple:
    kept = []
    for extension, rules in patterns:
        rules = tuple(r for r in rules if "sourceMappingURL" not in (r[0] if isinstance(r, tuple) else r))
        kept.append((extension, rules))
    return tuple(kept)


class StaticStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
