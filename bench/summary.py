"""Print the headline figures of one or more result files: python bench/summary.py bench/results/*.json"""

import json
import sys


def main() -> None:
    for path in sys.argv[1:]:
        with open(path) as handle:
            result = json.load(handle)
        print(f"== {path}: {result['people']} people, {result['date']}")
        for engine in ("jigsaw", "splink"):
            run = result.get(engine)
            if not run or "search" not in run:
                continue
            search = run["search"]
            print(
                f"  {engine}: recall@5 {search['recall_at_5']} (n={search['known_queries']}), "
                f"recall@1 {search['recall_at_1']}, latency {search['latency']}"
            )
            print(f"    confident false matches {search['confident_false_match_rate']}")
            print(f"    unknown twin -> twin {search['unknown_twin_confidently_matched_to_twin']}")
            print(f"    by corruption {search['recall_at_5_by_corruption']}")
            print(f"    household {run.get('household')}")
            print(f"    dedupe {run.get('dedupe')}")
            extra = {k: run[k] for k in ("load_seconds", "index_seconds", "train_seconds") if k in run}
            print(f"    {extra}")


if __name__ == "__main__":
    main()
