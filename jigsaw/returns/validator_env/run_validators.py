"""Runs the sector's validators on a return Jigsaw produced, and prints their findings as JSON.

Run by the validators' own Python 3.11 environment (`.venv-validators`, made by `./dev setup`:
they pin old pandas and numpy that cannot share Jigsaw's), never imported by Jigsaw:

    .venv-validators/bin/python jigsaw/returns/validator_env/run_validators.py 903 DIR --year 2026 --la E06000999
    .venv-validators/bin/python jigsaw/returns/validator_env/run_validators.py cin FILE.xml --year 2026

Prints {"issues": [{child_id, rule_code, kind, description, table, fields}], "failed_rules": [...]}.
A rule whose code ends in Q is a query (true of the data, to be explained), any other an error.
"""

import argparse
import contextlib
import importlib
import io
import json
import logging
import sys
from pathlib import Path


def _kind(code, rule_type=None):
    if rule_type is not None:
        return "query" if str(getattr(rule_type, "value", rule_type)).lower().startswith("q") else "error"
    return "query" if str(code).upper().endswith("Q") else "error"


def _text(value):
    if value is None:
        return ""
    text = str(value)
    return "" if text in ("nan", "<NA>", "None") else text


def run_903(folder, ruleset, la_code):
    from lac_validator import lac_validator
    from lac_validator.report import Report
    from lac_validator.utils import process_uploaded_files

    files = sorted(str(p) for p in Path(folder).glob("*.csv"))
    uploaded = process_uploaded_files({"This year": files})
    module = importlib.import_module(f"lac_validator.rules.lac{ruleset}")
    registry = module.registry
    # The validator reads the collection year from the first four characters: the year it ends.
    metadata = {"collectionYear": "20" + ruleset[-2:], "localAuthority": la_code}
    validator = lac_validator.LacValidator(metadata=metadata, files=uploaded, registry=registry)
    report = Report(validator.ds_results, registry)
    issues = []
    messages = {rule.code: (rule.message, rule.affected_fields or []) for rule in registry.values()}
    frame = report.report
    error_cols = [c for c in frame.columns if str(c).startswith("ERR_")]
    for _, row in frame.iterrows():
        for col in error_cols:
            if row[col] is True or row[col] == 1:
                code = col[4:]
                message, fields = messages.get(code, ("", []))
                issues.append(
                    {
                        "child_id": _text(row["CHILD"]),
                        "rule_code": code,
                        "kind": _kind(code),
                        "description": _text(message),
                        "table": _text(row["Table"]),
                        "fields": [str(f) for f in fields],
                    }
                )
    return {"issues": issues, "failed_rules": list(validator.fails)}


def run_cin(path, ruleset):
    import xml.etree.ElementTree as ET

    from cin_validator import cin_validator

    root = ET.parse(path).getroot()  # noqa: S314 - the census Jigsaw itself just wrote
    data = cin_validator.process_data(cin_validator.convert_data(root))
    module = importlib.import_module(f"cin_validator.rules.cin{ruleset}")
    registry = module.registry
    types = {rule.code: rule.rule_type for _, rule in registry.items()}
    validator = cin_validator.CinValidator(data, registry)
    issues = []
    seen = set()
    for _, row in validator.full_issue_df.iterrows():
        code = _text(row["rule_code"])
        key = (_text(row.get("child_id")), code, _text(row.get("tables_affected")))
        if key in seen:
            continue
        seen.add(key)
        issues.append(
            {
                "child_id": key[0],
                "rule_code": code,
                "kind": _kind(code, types.get(code)),
                "description": _text(row.get("rule_description")),
                "table": key[2],
                "fields": [_text(row.get("columns_affected"))],
            }
        )
    for _, row in validator.multichild_issues.iterrows():
        code = _text(row["rule_code"])
        issues.append(
            {
                "child_id": "",
                "rule_code": code,
                "kind": _kind(code, types.get(code)),
                "description": _text(row.get("rule_description")),
                "table": "Header",
                "fields": [],
            }
        )
    return {"issues": issues, "failed_rules": []}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("which", choices=["903", "cin"])
    parser.add_argument("path")
    parser.add_argument("--ruleset", required=True, help="e.g. 2025_26")
    parser.add_argument("--la", default="")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    # The validators print as they go: keep stdout for the JSON alone.
    chatter = io.StringIO()
    with contextlib.redirect_stdout(chatter):
        result = run_903(args.path, args.ruleset, args.la) if args.which == "903" else run_cin(args.path, args.ruleset)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
