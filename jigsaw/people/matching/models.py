"""Search-index tables for "is this person already known?" (filled in by the matching work)."""
