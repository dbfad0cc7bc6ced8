"""Splink 5 (DuckDB) on the same dataset: the reference the Jigsaw engine is measured against.

The model is the one Splink's own tutorials build for people: name comparisons with term
frequency adjustments, the date-of-birth and postcode comparisons from its library, exact
NHS number, UPN and sex, u from random sampling, m by expectation maximisation, unsupervised.
Splink sees one row per record (current names and address), as it is normally used.

- search: each query is linked to the index with `predict_between` (index left, query right);
  its best five by match weight are the candidates, "confident" is probability >= 0.9;
- batch de-duplication: `predict` over the index; pairs with probability >= 0.9 are duplicates
  (and F1 at the best threshold is reported too).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from jigsaw.people.matching.normalise import name_tokens, parse_dob_text, parse_postcode

CONFIDENT = 0.9
# Searching one record at a time can afford looser blocking than a batch run: every rule a
# careful Splink user would add so that a single slip does not hide the person.
SEARCH_BLOCKING = [
    "l.dob = r.dob",
    "l.first_name = r.first_name and l.surname = r.surname",
    "l.first_name = r.surname and l.surname = r.first_name",
    "l.first_name = r.first_name and substr(l.dob, 1, 4) = substr(r.dob, 1, 4)",
    "l.surname = r.surname and substr(l.dob, 1, 4) = substr(r.dob, 1, 4)",
    "l.surname = r.surname and l.postcode = r.postcode",
    "l.first_name = r.first_name and l.postcode = r.postcode",
    "l.nhs_number = r.nhs_number",
    "l.upn = r.upn",
]


def _clean_name(text: str) -> str | None:
    tokens = name_tokens(text or "")
    return " ".join(tokens) if tokens else None


def _row(uid: int, given: str, family: str, dob: Any, postcode: str, nhs: str, upn: str, sex: str) -> dict:
    pc = parse_postcode(postcode or "")
    first = name_tokens(given or "")
    surname = _clean_name(family)
    return {
        "unique_id": uid,
        "first_name": first[0] if first else None,
        "surname": surname,
        "first_name_surname": f"{first[0]} {surname}" if first and surname else None,
        "dob": dob.isoformat() if dob else None,
        "postcode": pc.full if pc else None,
        "nhs_number": nhs or None,
        "upn": upn or None,
        "sex": sex if sex in ("F", "M") else None,
    }


def _table(rows: list[dict]):
    import pyarrow as pa

    schema = pa.schema(
        [("unique_id", pa.int64())]
        + [
            (c, pa.string())
            for c in ("first_name", "surname", "first_name_surname", "dob", "postcode", "nhs_number", "upn", "sex")
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def records_frame(dataset):
    rows = []
    for r in dataset.records:
        current = next((a for a in r.addresses if a[3] is None), r.addresses[0] if r.addresses else None)
        rows.append(
            _row(r.rid, r.given_names, r.family_name, r.dob, current[1] if current else "", r.nhs, r.upn, r.sex)
        )
    return _table(rows)


def query_row(q, uid: int) -> dict:
    f = q.fields
    given, family = f.get("given_name", ""), f.get("family_name", "")
    if not (given or family) and f.get("name"):
        name = f["name"]
        if "," in name:
            family, _, given = name.partition(",")
        else:
            parts = name.split()
            given, family = " ".join(parts[:-1]), parts[-1]
    dob = parse_dob_text(f.get("dob_text", "")) if f.get("dob_text") else None
    day = dob.as_date() if dob else None
    return _row(
        uid, given, family, day, f.get("postcode", ""), f.get("nhs_number", ""), f.get("upn", ""), f.get("sex", "")
    )


def settings():
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            # Splink's own people comparison, with its "forename and surname swapped" level.
            cl.ForenameSurnameComparison(
                "first_name", "surname", forename_surname_concat_col_name="first_name_surname"
            ),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("nhs_number"),
            cl.ExactMatch("upn"),
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("dob"),
            block_on("first_name", "surname"),
            block_on("surname", "postcode"),
            block_on("first_name", "postcode"),
            block_on("nhs_number"),
            block_on("upn"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def train(records):
    from splink import DuckDBAPI, Linker, block_on

    db_api = DuckDBAPI()
    index = db_api.register(records, table_name="bench_index")
    linker = Linker(index, settings(), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob"), block_on("nhs_number")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.table_management.compute_tf_table("first_name_surname")
    return db_api, index, linker


def run_splink(dataset, args, *, evaluate_search, f1, truth_pairs, latency_summary) -> dict:
    import splink

    out: dict[str, Any] = {"engine": f"splink {splink.__version__} (DuckDB)"}
    records = records_frame(dataset)
    started = time.perf_counter()
    db_api, index, linker = train(records)
    out["train_seconds"] = round(time.perf_counter() - started, 1)
    print(f"splink trained in {out['train_seconds']}s", flush=True)
    record_eid = {r.rid: r.eid for r in dataset.records}

    # Search: an even share of every kind of query, as many as --splink-queries allows.
    budget = args.splink_queries
    kinds: dict[str, list] = {}
    for q in dataset.queries:
        kinds.setdefault(q.kind, []).append(q)
    share = max(1, budget // 3)
    chosen = kinds.get("known", [])[:share]
    others = budget - len(chosen)
    for kind in ("twin_unknown", "sibling_unrecorded", "stranger", "namesake"):
        chosen += kinds.get(kind, [])[: max(1, others // 4)]
    answers: dict[int, list[tuple[int, str]]] = {}
    latencies: list[float] = []
    sibling_any, sibling_confident = [], []
    for n, q in enumerate(chosen):
        frame = _table([query_row(q, 90_000_000 + q.qid)])
        started = time.perf_counter()
        probe = db_api.register(frame, table_name=f"bench_query_{n}")
        scored = linker.inference.predict_between(
            index, probe, blocking_rules_to_generate_predictions=SEARCH_BLOCKING, threshold_match_weight=-15
        ).as_record_list()
        scored = sorted(scored, key=lambda row: -row["match_weight"])[:5]
        latencies.append((time.perf_counter() - started) * 1000)
        found = [
            (int(row["unique_id_l"]), "high" if row["match_probability"] >= CONFIDENT else "low") for row in scored
        ]
        answers[q.qid] = found
        if q.kind == "sibling_unrecorded":
            family = set(q.family)
            sibling_any.append(any(record_eid[pid] in family for pid, _ in found))
            sibling_confident.append(any(record_eid[pid] in family and c == "high" for pid, c in found))
    out["search"] = evaluate_search(dataset, answers, record_eid)
    out["search"]["latency"] = latency_summary(latencies)
    out["household"] = {
        "unrecorded_sibling_household_found": round(sum(sibling_confident) / len(sibling_confident), 4)
        if sibling_confident
        else None,
        "family_member_anywhere_in_top5": round(sum(sibling_any) / len(sibling_any), 4) if sibling_any else None,
        "queries": len(sibling_confident),
    }
    print(out["search"], flush=True)

    if args.dedupe:
        started = time.perf_counter()
        pairs = linker.inference.predict(threshold_match_probability=0.05).as_dict()
        seconds = time.perf_counter() - started
        truth = truth_pairs(dataset)
        scored_pairs = [
            ((min(a, b), max(a, b)), p)
            for a, b, p in zip(pairs["unique_id_l"], pairs["unique_id_r"], pairs["match_probability"], strict=True)
        ]
        at_default = {pair for pair, p in scored_pairs if p >= CONFIDENT}
        out["dedupe"] = f1(at_default, truth)
        out["dedupe"]["seconds"] = round(seconds, 1)
        out["dedupe"]["threshold"] = CONFIDENT
        best = max(
            ((t, f1({pair for pair, p in scored_pairs if p >= t}, truth)) for t in (0.5, 0.8, 0.9, 0.95, 0.99, 0.999)),
            key=lambda item: item[1]["f1"],
        )
        out["dedupe"]["best_threshold"] = {"threshold": best[0], **best[1]}
        twins = 0
        for a, b in at_default:
            ea, eb = dataset.entities[record_eid[a]], dataset.entities[record_eid[b]]
            twins += ea.twin_of == eb.eid
        out["dedupe"]["twin_pairs_merged"] = twins
    return out
