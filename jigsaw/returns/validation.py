"""Validating a return with the sector's own validators (D2I's csc-validator-be-903 and
csc-validator-be-cin), run in their own Python 3.11 environment as a subprocess on the files
Jigsaw produced. Their findings become a worklist per child, each linking to the screen where
the record behind it is put right.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from .years import CollectionYear

# In a folder of its own: run as a script, its folder comes first on sys.path, and this app's
# selectors.py would otherwise hide the standard library's selectors module.
RUNNER = Path(__file__).parent / "validator_env" / "run_validators.py"
# The validators take a few seconds for a small council and about a minute for a large one.
TIMEOUT_SECONDS = 1800


class ValidatorUnavailable(RuntimeError):
    """The validators' environment is not installed, or they failed to run."""


@dataclass
class Finding:
    child_id: str
    rule_code: str
    kind: str
    description: str
    table: str
    fields: list[str] = field(default_factory=list)


def validators_python() -> Path:
    return Path(settings.JIGSAW_VALIDATORS_PYTHON)


def available() -> bool:
    return validators_python().exists()


def run(which: str, files: dict[str, bytes], year: CollectionYear) -> list[Finding]:
    """Write the return's files to a temporary folder and run the validator on them."""
    python = validators_python()
    if not python.exists():
        raise ValidatorUnavailable(
            f"The validators are not installed ({python} is missing). Run ./dev setup to install them."
        )
    with tempfile.TemporaryDirectory(prefix="jigsaw-return-") as folder:
        for name, content in files.items():
            (Path(folder) / name).write_bytes(content)
        target = folder if which == "903" else str(Path(folder) / next(iter(files)))
        command = [
            str(python), str(RUNNER), which, target,
            "--ruleset", year.ruleset_year.short, "--la", str(settings.JIGSAW_COUNCIL_GSS_CODE),
        ]  # fmt: skip
        try:
            done = subprocess.run(  # noqa: S603 - our own script, our own arguments
                command,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
                env={**os.environ, "PYTHONWARNINGS": "ignore"},
            )
        except subprocess.TimeoutExpired as error:
            raise ValidatorUnavailable("The validator took too long and was stopped") from error
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise ValidatorUnavailable("The validator failed: " + " ".join(tail))
    result = json.loads(done.stdout)
    return [Finding(**issue) for issue in result["issues"]]


# Where each finding is put right: the table of the return -> the screen for the child's record.
PERSON_TABLES = {"ChildIdentifiers", "ChildCharacteristics", "Disabilities", "Header"}
CARE_TABLES = {"Episodes", "Reviews", "UASC", "OC2", "OC3", "AD1", "PlacedAdoption", "PrevPerm", "SWEpisodes", "DoLo"}
PROTECTION_TABLES = {"Assessments", "Section47", "ChildProtectionPlans", "Reviews_cin"}


def fix_url(which: str, table: str, person_id: int | None) -> str:
    if person_id is None:
        return ""
    if table in PERSON_TABLES:
        return reverse("people:edit", args=[person_id])
    if which == "903" and table == "Missing":
        return reverse("missing:person", args=[person_id])
    if which == "903" and table in CARE_TABLES:
        return reverse("care:person", args=[person_id])
    if which == "cin" and table in PROTECTION_TABLES | {"Reviews"}:
        return reverse("protection:child", args=[person_id])
    return reverse("people:detail", args=[person_id])
