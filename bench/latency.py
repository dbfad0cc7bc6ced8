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
    parser.add_argument("--mix", choices=sorted(generate.MIXES), default="standard")
    parser.add_argument("--household", action="store_true", help="time find_household instead")
    parser.add_argument("--every-kind", action="store_true", help="queries of every kind, not the first N")
    args = parser.parse_args()
    dataset = generate.build(args.people, seed=args.seed, mix=args.mix)
    setup_django(args.db, args.database_url)
    from jigsaw.access.choices import Role
    from jigsaw.access.tests.factories import UserFactory
    from jigsaw.people.matching import SearchQuery, find_candidates, find_household
    from jigsaw.people.models import Person

    officer = UserFactory(role=Role.BUSINESS_SUPPORT, username=f"bench-latency-{int(time.time())}")
    scope = Person.objects.visible_to(officer).active()
    chosen = dataset.queries
    if args.every_kind:
        # Every n-th query, so unknown people (who take the second pass) are in the sample too.
        chosen = chosen[:: max(1, len(chosen) // args.queries)]
    chosen = chosen[: args.queries]
    queries = [(q.kind, SearchQuery.from_mapping(q.fields)) for q in chosen]
    search = find_household if args.household else find_candidates
    for _kind, query in queries[:50]:
        search(query, scope, limit=5)
    load_before = os.getloadavg()
    ms = []
    by_kind: dict[str, list[float]] = {}
    cpu_started = time.process_time()
    for kind, query in queries:
        started = time.perf_counter()
        search(query, scope, limit=5)
        ms.append((time.perf_counter() - started) * 1000)
        by_kind.setdefault(kind, []).append(ms[-1])
    summary = latency_summary(ms)
    # This process's CPU (Python: keys, scoring); PostgreSQL's own time is not in it.
    summary["python_cpu_ms_mean"] = round((time.process_time() - cpu_started) * 1000 / len(queries), 1)
    summary["by_kind"] = {kind: latency_summary(values) for kind, values in sorted(by_kind.items())}
    summary["load_average_before_after"] = [round(load_before[0], 2), round(os.getloadavg()[0], 2)]
    summary["people"] = args.people
    summary["function"] = search.__name__
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
