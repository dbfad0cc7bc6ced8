"""The "already known?" engine: is this person, or this family, already in the index?

- SearchQuery: whatever the caller gave (parts of names, a rough date of birth, a postcode...).
- index_persons(persons_or_ids, batch_size=5000) -> int: (re)build search keys; bulk, idempotent.
- find_candidates(query, scope, limit=10) -> list[Candidate]: ranked people, each with reasons.
- find_household(query, scope, limit=10) -> list[Candidate]: known families (new baby, sibling).
- find_duplicates(scope, threshold=85, limit=1000) -> list[DuplicatePair]: batch duplicate finder.

`scope` is always the caller's access-filtered queryset; nobody outside it is returned.
How it works: keys.py (blocking), scoring.py (weights and reasons), search.py (the three
questions). The benchmark is in bench/ and its figures in docs/benchmarks.md.
"""

from .indexer import index_persons
from .query import SearchQuery
from .search import Candidate, DuplicatePair, find_candidates, find_duplicates, find_household

__all__ = [
    "Candidate",
    "DuplicatePair",
    "SearchQuery",
    "find_candidates",
    "find_duplicates",
    "find_household",
    "index_persons",
]
