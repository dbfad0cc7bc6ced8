"""The "already known?" benchmark: Jigsaw's engine (and optionally Splink) on one generated dataset.

    .venv/bin/python bench/run_matching.py --people 100000 --db postgres --splink
    .venv/bin/python bench/run_matching.py --people 20000 --db sqlite

Generates the dataset (bench/generate.py), loads it into a dedicated database (PostgreSQL
`jigsaw_bench` by default, or bench/data/bench.sqlite3), runs index_persons, then asks every
query through find_candidates / find_household exactly as the front door would, with the
scope of a business support officer. Writes bench/results/<db>-<people>.json.
Run on demand only; never part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import generate
from bench.load import analyze, load, migrate, reset, setup_django

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> dict:
    model = ""
    try:
        for line in subprocess.run(["/usr/bin/lscpu"], capture_output=True, text=True, check=False).stdout.splitlines():
            if line.startswith("Model name"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    import os

    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            memory = f"{int(handle.readline().split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return {"cpu": model, "cores": os.cpu_count(), "memory": memory, "python": platform.python_version()}


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def latency_summary(ms: list[float]) -> dict:
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "mean_ms": round(statistics.fmean(ms), 1) if ms else None,
    }


def truth_pairs(dataset) -> set[tuple[int, int]]:
    by_eid: dict[int, list[int]] = {}
    for r in dataset.records:
        by_eid.setdefault(r.eid, []).append(r.rid)
    pairs = set()
    for rids in by_eid.values():
        rids.sort()
        for i, a in enumerate(rids):
            for b in rids[i + 1 :]:
                pairs.add((a, b))
    return pairs


def f1(predicted: set[tuple[int, int]], truth: set[tuple[int, int]]) -> dict:
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(truth) if truth else 0.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs_true": len(truth),
        "pairs_found": len(predicted),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(score, 4),
    }


def evaluate_search(dataset, answers: dict[int, list[tuple[int, str]]], record_eid: dict[int, int]) -> dict:
    """answers: qid -> [(person_id, confidence)] best first. Same scoring for both engines."""
    per_kind: dict[str, list[bool]] = {}
    per_corruption: dict[str, list[bool]] = {}
    top1 = []
    confident_wrong: dict[str, list[bool]] = {}
    twin_to_twin = []
    for q in dataset.queries:
        got = answers.get(q.qid)
        if got is None:
            continue
        eids = [record_eid[pid] for pid, _ in got[:5]]
        if q.kind == "known":
            hit = q.truth in eids
            per_kind.setdefault("known", []).append(hit)
            top1.append(bool(eids) and eids[0] == q.truth)
            for c in q.corruptions:
                per_corruption.setdefault(c, []).append(hit)
            wrong_high = any(conf == "high" and record_eid[pid] != q.truth for pid, conf in got[:1])
            confident_wrong.setdefault("known", []).append(wrong_high)
        else:
            high = [record_eid[pid] for pid, conf in got if conf == "high"]
            confident_wrong.setdefault(q.kind, []).append(bool(high))
            if q.kind == "twin_unknown":
                twin_to_twin.append(q.near in high)

    def rate(values: list[bool]) -> float:
        return round(sum(values) / len(values), 4) if values else float("nan")

    return {
        "recall_at_5": rate(per_kind.get("known", [])),
        "recall_at_1": rate(top1),
        "known_queries": len(per_kind.get("known", [])),
        "recall_at_5_by_corruption": {k: [rate(v), len(v)] for k, v in sorted(per_corruption.items())},
        "confident_false_match_rate": {k: [rate(v), len(v)] for k, v in sorted(confident_wrong.items())},
        "unknown_twin_confidently_matched_to_twin": rate(twin_to_twin),
    }


def run_jigsaw(dataset, args) -> dict:
    from django.db import connection

    from jigsaw.access.choices import Role
    from jigsaw.access.tests.factories import UserFactory
    from jigsaw.people.matching import SearchQuery, find_candidates, find_duplicates, find_household, index_persons
    from jigsaw.people.models import Person

    out: dict = {"engine": "jigsaw", "database": connection.vendor}
    if not args.skip_load:
        migrate()
        reset()
        started = time.perf_counter()
        out["loaded"] = load(dataset)
        out["load_seconds"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        out["indexed"] = index_persons(Person.objects.all(), batch_size=args.batch_size)
        out["index_seconds"] = round(time.perf_counter() - started, 1)
        analyze()
        print(f"loaded in {out['load_seconds']}s, indexed {out['indexed']} in {out['index_seconds']}s", flush=True)
        if args.load_only:
            return out
    officer = UserFactory(role=Role.BUSINESS_SUPPORT, username=f"bench-{int(time.time())}")
    scope = Person.objects.visible_to(officer).active()
    record_eid = {r.rid: r.eid for r in dataset.records}

    answers: dict[int, list[tuple[int, str]]] = {}
    latencies: list[float] = []
    household_hits: list[bool] = []
    household_ms: list[float] = []
    # Warm up the connection and caches the way a running server would be.
    for q in dataset.queries[:20]:
        find_candidates(SearchQuery.from_mapping(q.fields), scope, limit=5)
    for q in dataset.queries:
        query = SearchQuery.from_mapping(q.fields)
        started = time.perf_counter()
        found = find_candidates(query, scope, limit=5)
        latencies.append((time.perf_counter() - started) * 1000)
        answers[q.qid] = [(c.person_id, c.confidence) for c in found]
        if q.kind == "sibling_unrecorded":
            started = time.perf_counter()
            families = find_household(query, scope, limit=10)
            household_ms.append((time.perf_counter() - started) * 1000)
            family_records = {r.rid for r in dataset.records if r.eid in set(q.family)}
            household_hits.append(any(c.person_id in family_records for c in families))
    out["search"] = evaluate_search(dataset, answers, record_eid)
    out["search"]["latency"] = latency_summary(latencies)
    out["household"] = {
        "unrecorded_sibling_household_found": round(sum(household_hits) / len(household_hits), 4)
        if household_hits
        else None,
        "queries": len(household_hits),
        "latency": latency_summary(household_ms),
    }
    if args.dedupe:
        started = time.perf_counter()
        pairs = find_duplicates(scope, limit=10_000_000)
        seconds = time.perf_counter() - started
        predicted = {(min(p.person_a_id, p.person_b_id), max(p.person_a_id, p.person_b_id)) for p in pairs}
        out["dedupe"] = f1(predicted, truth_pairs(dataset))
        out["dedupe"]["seconds"] = round(seconds, 1)
        twins = 0
        for a, b in predicted:
            ea, eb = dataset.entities[record_eid[a]], dataset.entities[record_eid[b]]
            twins += ea.twin_of == eb.eid
        out["dedupe"]["twin_pairs_merged"] = twins
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the 'already known?' engine")
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--mix", choices=sorted(generate.MIXES), default="standard", help="which slips, how often (generate.Mix)"
    )
    parser.add_argument("--known-queries", type=int, default=2000)
    parser.add_argument("--other-queries", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--skip-load", action="store_true", help="reuse what an earlier run loaded")
    parser.add_argument("--dedupe", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--splink", action="store_true", help="also run Splink (bench/requirements.txt)")
    parser.add_argument("--splink-queries", type=int, default=600, help="search queries for Splink (slow)")
    parser.add_argument("--no-jigsaw", action="store_true")
    parser.add_argument("--load-only", action="store_true", help="load and index, then stop")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    if args.dedupe is None:
        args.dedupe = args.people <= 200_000

    started = time.perf_counter()
    dataset = generate.build(
        args.people, seed=args.seed, known_queries=args.known_queries, other_queries=args.other_queries, mix=args.mix
    )
    result: dict = {
        "mix": args.mix,
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "people": args.people,
        "seed": args.seed,
        "dataset": dataset.summary(),
        "generate_seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(result["dataset"]), flush=True)
    setup_django(args.db, args.database_url)
    if not args.no_jigsaw:
        result["jigsaw"] = run_jigsaw(dataset, args)
        print(json.dumps(result["jigsaw"], indent=1), flush=True)
    if args.splink:
        from bench.splink_runner import run_splink

        result["splink"] = run_splink(
            dataset,
            args,
            evaluate_search=evaluate_search,
            f1=f1,
            truth_pairs=truth_pairs,
            latency_summary=latency_summary,
        )
        print(json.dumps(result["splink"], indent=1), flush=True)
    RESULTS.mkdir(exist_ok=True)
    held_out = "" if (args.mix, args.seed) == ("standard", 2024) else f"-{args.mix}-seed{args.seed}"
    out = Path(args.out) if args.out else RESULTS / f"{args.db}-{args.people}{held_out}.json"
    if out.exists():
        # Keep an engine's earlier figures when this run skipped it.
        previous = json.loads(out.read_text())
        for engine in ("jigsaw", "splink"):
            if engine not in result and engine in previous:
                result[engine] = previous[engine]
        # A --skip-load or --no-dedupe run keeps the earlier run's loading and batch figures.
        for key in ("loaded", "load_seconds", "indexed", "index_seconds", "dedupe"):
            if "jigsaw" in result and key not in result["jigsaw"] and key in previous.get("jigsaw", {}):
                result["jigsaw"][key] = previous["jigsaw"][key]
    out.write_text(json.dumps(result, indent=1, default=str))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
