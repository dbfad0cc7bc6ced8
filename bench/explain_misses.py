"""Show the queries the engine got wrong, with what it returned and what the index holds.

    .venv/bin/python bench/explain_misses.py --people 20000 --db sqlite [--kind known] [--max 30]

Uses the database an earlier run_matching.py loaded (same --people and --seed).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import generate
from bench.load import setup_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="sqlite")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--mix", default="standard")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--known-queries", type=int, default=2000)
    parser.add_argument("--other-queries", type=int, default=300)
    parser.add_argument("--kind", default="known")
    parser.add_argument("--max", type=int, default=30)
    args = parser.parse_args()
    dataset = generate.build(
        args.people, seed=args.seed, known_queries=args.known_queries, other_queries=args.other_queries, mix=args.mix
    )
    setup_django(args.db, args.database_url)
    from jigsaw.people.matching import SearchQuery, find_candidates, find_household
    from jigsaw.people.models import Person

    scope = Person.objects.active()
    records = {r.rid: r for r in dataset.records}
    if args.kind == "dedupe":
        explain_dedupe(dataset, scope, records, args.max)
        return
    shown = 0
    for q in dataset.queries:
        if q.kind != args.kind:
            continue
        query = SearchQuery.from_mapping(q.fields)
        found = find_candidates(query, scope, limit=5)
        if q.kind == "known":
            wrong = q.truth not in [records[c.person_id].eid for c in found]
        elif q.kind == "sibling_unrecorded":
            family = {r.rid for r in dataset.records if r.eid in set(q.family)}
            wrong = not any(c.person_id in family for c in find_household(query, scope))
        else:
            wrong = any(c.confidence == "high" for c in found)
        if not wrong:
            continue
        shown += 1
        print("=" * 100)
        print(q.kind, q.corruptions, q.fields)
        truth = [r for r in dataset.records if r.eid == q.truth] if q.truth else []
        if q.near:
            truth += [r for r in dataset.records if r.eid == q.near]
        for r in truth[:2]:
            print("  TRUTH", r.rid, r.given_names, r.family_name, r.dob, r.nhs, r.addresses, r.previous_names)
        for c in found:
            r = records[c.person_id]
            print(f"  {c.score:5.1f} {c.confidence:8s} {r.rid} {r.given_names} {r.family_name} {r.dob} :: {c.reasons}")
        if shown >= args.max:
            break


def explain_dedupe(dataset, scope, records, most: int) -> None:
    from jigsaw.people.matching import find_duplicates

    truth = {}
    for r in dataset.records:
        truth.setdefault(r.eid, []).append(r.rid)
    pairs = find_duplicates(scope, threshold=50, limit=10_000_000)
    wrong = [p for p in pairs if p.score >= 85 and records[p.person_a_id].eid != records[p.person_b_id].eid]
    found = {frozenset((p.person_a_id, p.person_b_id)) for p in pairs if p.score >= 85}
    print(f"{len(wrong)} false pairs at >= 85")
    for p in wrong[:most]:
        a, b = records[p.person_a_id], records[p.person_b_id]
        print(
            f"  {p.score} | {a.given_names} {a.family_name} {a.dob} {a.addresses[:1]} | "
            f"{b.given_names} {b.family_name} {b.dob} {b.addresses[:1]} :: {p.reasons}"
        )
    by_pair = {frozenset((p.person_a_id, p.person_b_id)): p for p in pairs}
    missed = [rids for rids in truth.values() if len(rids) > 1 and frozenset(rids[:2]) not in found]
    print(f"{len(missed)} missed duplicates")
    for rids in missed[:most]:
        a, b = records[rids[0]], records[rids[1]]
        p = by_pair.get(frozenset(rids[:2]))
        print(
            f"  {p.score if p else '-'} | {a.given_names} {a.family_name} {a.dob} {a.nhs} {a.addresses[:1]} | "
            f"{b.given_names} {b.family_name} {b.dob} {b.nhs} {b.addresses[:1]} :: {p.reasons if p else ''}"
        )


if __name__ == "__main__":
    main()
