"""`manage.py seed_demo`: make the synthetic demo council (Northbridge Council), once."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jigsaw.demo.seed import council_seed, demo_council
from jigsaw.people.models import Person


class Command(BaseCommand):
    help = (
        "Make the synthetic demo council: agencies, teams, a demo user for every role and N children "
        "with their families. Only synthetic people. Does nothing if the council is already there."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--children", type=int, default=400, help="How many children (default 400)")
        parser.add_argument("--seed", type=int, default=1, help="The same seed makes the same council (default 1)")
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="Work out ages and dates from this day, YYYY-MM-DD (default today)",
        )
        parser.add_argument(
            "--check-only",
            action="store_true",
            help="Make nothing: exit 0 if the demo council is already here, 1 if not",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though the database already holds people who are not the demo council's",
        )
        parser.add_argument("--batch-size", type=int, default=5000, help="People written per batch (default 5000)")
        parser.add_argument(
            "--no-casework",
            action="store_true",
            help="Skip the casework (children at every stage of the front door and child protection)",
        )

    def handle(self, *args, children: int, seed: int, as_of: date | None, check_only: bool, force: bool, **options):
        existing = demo_council()
        if check_only:
            if existing is None:
                self.stdout.write("No demo council in this database yet.")
                raise SystemExit(1)
            self.stdout.write(f"The demo council is here: {existing}.")
            return
        if existing is not None:
            self.stdout.write(f"The demo council is already here ({existing}); nothing to do.")
            return
        if children < 1:
            raise CommandError("--children must be at least 1")
        if not force and Person.objects.exists():
            raise CommandError(
                "This database already holds people who are not the demo council's. "
                "The demo must never be mixed into real records: use a fresh database, or --force "
                "if this one only holds test data."
            )
        verbose = options["verbosity"] >= 1
        result = council_seed(
            children=children,
            seed=seed,
            as_of=as_of or timezone.localdate(),
            batch_people=options["batch_size"],
            progress=(lambda line: self.stdout.write(f"  {line}")) if options["verbosity"] >= 2 else None,
        )
        if verbose:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Made the demo council: {result.children:,} children, {result.people:,} people, "
                    f"{result.users:,} staff in {result.seconds:.1f} s (seed {seed})."
                )
            )
        if not options["no_casework"]:
            from jigsaw.demo.casework import seed_casework

            per_stage = max(1, min(4, children // 100))
            made = seed_casework(seed=seed, as_of=as_of or timezone.localdate(), per_stage=per_stage)
            if verbose:
                stages = ", ".join(f"{stage.replace('_', ' ')} {n}" for stage, n in made.items())
                self.stdout.write(self.style.SUCCESS(f"Casework: {stages}."))
            from jigsaw.demo.casework import seed_service_areas

            for area, made in seed_service_areas(
                seed=seed, as_of=as_of or timezone.localdate(), per_stage=per_stage
            ).items():
                if verbose and made:
                    stages = ", ".join(f"{stage.replace('_', ' ')} {n}" for stage, n in made.items())
                    self.stdout.write(self.style.SUCCESS(f"{area}: {stages}."))
