"""Latency of find_candidates alone, on a database an earlier run_matching.py loaded.

    .venv/bin/python bench/latency.py --people 1000000 \
        --database-url postgres://postgres@127.0.0.1:5432/jigsaw_bench_1m --queries 1000

Prints p50/p95/p99 with the machine's load average before and after, because on a shared
machine the load matters more than anything else.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import generate
from bench.load import setup_django
from bench.run_matching import latency_summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--household", action="store_true", help="time find_household instead")
    args = parser.parse_args()
    dataset = generate.build(args.people, seed=args.seed)
    setup_django(args.db, args.database_url)
    from jigsaw.access.choices import Role
    from jigsaw.access.tests.factories import UserFactory
    from jigsaw.people.matching import SearchQuery, find_candidates, find_household
    from jigsaw.people.models import Person

    officer = UserFactory(role=Role.BUSINESS_SUPPORT, username=f"bench-latency-{int(time.time())}")
    scope = Person.objects.visible_to(officer).active()
    queries = [SearchQuery.from_mapping(q.fields) for q in dataset.queries[: args.queries]]
    search = find_household if args.household else find_candidates
    for query in queries[:50]:
        search(query, scope, limit=5)
    load_before = os.getloadavg()
    ms = []
    for query in queries:
        started = time.perf_counter()
        search(query, scope, limit=5)
        ms.append((time.perf_counter() - started) * 1000)
    summary = latency_summary(ms)
    summary["load_average_before_after"] = [round(load_before[0], 2), round(os.getloadavg()[0], 2)]
    summary["people"] = args.people
    summary["function"] = search.__name__
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
