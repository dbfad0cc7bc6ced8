"""The legacy import benchmark: rows a second of `import_people`, first run and re-run.

    .venv/bin/python bench/import_people.py --rows 20000 --db sqlite
    .venv/bin/python bench/import_people.py --rows 20000 --db postgres
    .venv/bin/python bench/import_people.py --rows 2000 --db sqlite --profile

Writes a legacy file of the demo council (jigsaw/demo/legacy_file.py: 2% of rows with one bad
value), imports it into a fresh database of its own (PostgreSQL `jigsaw_bench_import`, or
bench/data/import.sqlite3), then imports it again (every row unchanged), then once more
interrupted half way and carried on. Checks that nobody was lost and nobody duplicated.
Prints rows a second with the load average; writes bench/results/import-<db>-<rows>.json.
Run on demand only; never part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import ROOT, migrate, setup_django
from bench.run_matching import machine

RESULTS = Path(__file__).resolve().parent / "results"


def _fresh(db: str, url: str) -> None:
    """An empty database: the audit log is append-only, so the tables cannot simply be emptied."""
    if db == "postgres":
        import psycopg

        base, _, name = url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)


def _timed(label: str, path: Path, *, already: int = 0, **kwargs) -> dict:
    """Import and time it. `already`: rows an interrupted run saved, not counted in the rate."""
    from jigsaw.people.importing import people_import

    load_before = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    result = people_import(path=path, **kwargs)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    figures = {
        "seconds": round(seconds, 1),
        "python_cpu_seconds": round(cpu, 1),
        "rows_per_second": round((result.rows - already) / seconds, 1) if seconds else None,
        "summary": result.summary,
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    print(
        f"{label}: {figures['rows_per_second']} rows/s ({seconds:.1f} s, of which {cpu:.1f} s of this process's "
        f"CPU) load {figures['load_average']}"
    )
    print(f"  {result.summary}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--profile", action="store_true", help="Profile the first run (cProfile, top 30)")
    args = parser.parse_args()

    if args.database_url:
        url = args.database_url
    elif args.db == "postgres":
        url = "postgres://postgres@127.0.0.1:5432/jigsaw_bench_import"
    else:
        url = f"sqlite:///{ROOT / 'bench' / 'data' / 'import.sqlite3'}"
    (ROOT / "bench" / "data").mkdir(exist_ok=True)
    _fresh(args.db, url)
    setup_django(args.db, url)
    migrate()

    from jigsaw.demo.legacy_file import write_legacy_file
    from jigsaw.people.models import ImportRun, ImportSetAside, Person, PersonIdentifier

    path = ROOT / "bench" / "data" / f"legacy-{args.rows}.csv"
    started = time.perf_counter()
    legacy = write_legacy_file(path, people=args.rows, seed=args.seed)
    print(f"file: {legacy.rows} rows, {len(legacy.bad)} with one bad value ({time.perf_counter() - started:.1f} s)")
    extra = {"batch_size": args.batch_size} if args.batch_size else {}

    report: dict = {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "db": args.db,
        "rows": legacy.rows,
        "bad_rows": len(legacy.bad),
    }
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        report["first_run"] = _timed("first run", path, **extra)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    else:
        report["first_run"] = _timed("first run", path, **extra)
    report["re_run"] = _timed("re-run (all unchanged)", path, **extra)

    # Nobody lost, nobody twice.
    ids = set(PersonIdentifier.objects.filter(kind="legacy").values_list("value", flat=True))
    missing = set(legacy.people) - ids
    report["people"] = Person.objects.count()
    report["missing"] = len(missing)
    report["set_aside"] = ImportSetAside.objects.count()
    assert not missing, f"{len(missing)} people lost, e.g. {sorted(missing)[:5]}"
    assert report["people"] == legacy.rows, f"{report['people']} people for {legacy.rows} rows"
    assert report["set_aside"] == len(legacy.bad), f"{report['set_aside']} set aside for {len(legacy.bad)} bad rows"

    # Interrupted half way (as if stopped after a batch), then carried on: no duplicates.
    second = path.with_name(f"legacy-{args.rows}-second-source.csv")
    second.write_bytes(path.read_bytes())
    from jigsaw.people import importing

    real = importing._Importer.save_batch
    calls = {"n": 0}
    stop_after = max(1, legacy.rows // (2 * (args.batch_size or importing.BATCH_SIZE)))

    def stopping(self):
        real(self)
        calls["n"] += 1
        if calls["n"] == stop_after:
            raise KeyboardInterrupt

    importing._Importer.save_batch = stopping
    try:
        _timed("interrupted", second, source="bench-resume", **extra)
    except importing.ImportInterrupted as e:
        print(f"interrupted: saved to row {e.last_row}")
    importing._Importer.save_batch = real
    saved = ImportRun.objects.get(source="bench-resume").rows
    report["resumed"] = _timed("carried on", second, source="bench-resume", already=saved, **extra)
    resumed = PersonIdentifier.objects.filter(kind="legacy", source="bench-resume").count()
    assert resumed == legacy.rows, f"{resumed} people after the carried-on import of {legacy.rows} rows"
    report["runs"] = list(ImportRun.objects.values("source", "rows", "created", "unchanged", "last_row"))

    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"import-{args.db}-{legacy.rows}.json"
    out.write_text(json.dumps(report, indent=2, default=str))
    print(f"written {out}")


if __name__ == "__main__":
    main()
