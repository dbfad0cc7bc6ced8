"""`manage.py seed_demo`: make the synthetic demo council (Northbridge Council), once."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jigsaw.demo.casework import demo_make
from jigsaw.demo.seed import demo_council_state
from jigsaw.people.models import Person

# --check-only's exit codes, read by `./dev up`.
ABSENT, HALF_MADE = 1, 2  # and 0: a complete demo council is here


class Command(BaseCommand):
    help = (
        "Make the synthetic demo council: agencies, teams, a demo user for every role and N children "
        "with their families and casework in every service area, as of any day. Only synthetic people. "
        "All or nothing: a seed that fails leaves nothing behind. Does nothing if the council is already there."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--children", type=int, default=400, help="How many children (default 400)")
        parser.add_argument("--seed", type=int, default=1, help="The same seed makes the same council (default 1)")
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="Make the demo as it would be on this day, YYYY-MM-DD (default today): ages, casework, "
            "deadlines and what is late are all worked out from it",
        )
        parser.add_argument(
            "--check-only",
            action="store_true",
            help="Make nothing: exit 0 if a complete demo council is here, 1 if there is none, "
            "2 if there may be a half-made one",
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
            help="Skip the casework (children at every stage of every service area)",
        )

    def handle(self, *args, children: int, seed: int, as_of: date | None, check_only: bool, force: bool, **options):
        state, sentence = demo_council_state()
        if check_only:
            self.stdout.write(sentence)
            if state != "complete":
                raise SystemExit(ABSENT if state == "absent" else HALF_MADE)
            return
        if state == "complete":
            self.stdout.write(f"The demo council is already here; nothing to do. {sentence}")
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
        result = demo_make(
            children=children,
            seed=seed,
            as_of=as_of or timezone.localdate(),
            casework=not options["no_casework"],
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
            for area, made in result.casework.items():
                if made:
                    stages = ", ".join(f"{stage.replace('_', ' ')} {n}" for stage, n in made.items())
                    self.stdout.write(self.style.SUCCESS(f"{area}: {stages}."))
