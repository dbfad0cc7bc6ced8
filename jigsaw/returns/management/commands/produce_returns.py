"""manage.py produce_returns [--year 2026] [--kind cin|903|annex_a ...] [--out DIR] [--no-validate]

Produces the statutory returns for a collection year (named by the year it ends; by default the
last complete one) from the records, validates the CIN census and the SSDA903 with the sector's
validators, keeps them (the analyst's screen lists them) and, with --out, writes the files there.
Exits 1 when a validator found errors.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jigsaw.core.exceptions import ApplicationError

from ...models import ReturnKind
from ...services import return_produce
from ...years import CollectionYear, last_complete_year


class Command(BaseCommand):
    help = "Produce (and validate) the CIN census, the SSDA903 and Ofsted's Annex A for a collection year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="The year the collection ends, e.g. 2026 for 2025 to 2026")
        parser.add_argument("--kind", action="append", choices=ReturnKind.values, help="Which returns (default: all)")
        parser.add_argument("--out", type=Path, help="Also write the files to this folder")
        parser.add_argument("--no-validate", action="store_true", help="Do not run the validators")

    def handle(self, *args, **options) -> None:
        year = CollectionYear(options["year"]) if options["year"] else last_complete_year()
        failed = False
        for kind in options["kind"] or ReturnKind.values:
            try:
                run = return_produce(actor=None, kind=kind, year=year, validate=not options["no_validate"])
            except ApplicationError as error:
                raise CommandError(str(error)) from error
            line = f"{run.get_kind_display()} {year.label}: {run.children} children"
            if run.status == "validated":
                line += f", {run.errors} errors, {run.queries} queries"
            elif run.validator_message:
                line += f" ({run.validator_message})"
            self.stdout.write(line)
            for issue in run.issues.order_by("kind", "rule_code", "child_id")[:50]:
                self.stdout.write(
                    f"  {issue.kind} {issue.rule_code} {issue.child_id or '-'}: {issue.description[:120]}"
                )
            if options["out"]:
                options["out"].mkdir(parents=True, exist_ok=True)
                folder = options["out"] / kind if kind == ReturnKind.SSDA903 else options["out"]
                folder.mkdir(parents=True, exist_ok=True)
                for file in run.files.all():
                    (folder / file.name).write_bytes(bytes(file.content))
            failed = failed or run.errors > 0
        if failed:
            raise SystemExit(1)
