"""The "already known?" engine. Interface used by people.selectors, the demo and the importer:

- index_persons(persons) -> None: (re)build the search keys of these people; bulk, idempotent.
- find_candidates(query, scope, limit=10) -> list[Candidate]: ranked, with reasons.
- find_household(query, scope, limit=10) -> list[Candidate]: people of the same household.
- find_duplicates(scope, threshold) -> list[DuplicatePair]: batch duplicate finder.
"""
