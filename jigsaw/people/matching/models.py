"""Search-index tables for "is this person already known?".

Both are derived data, rebuilt by `index_persons` from the people tables, never edited by hand:

- PersonSearchKey: blocking keys, one row per (key, person). A key is a 64-bit hash of a kind
  and a value ("family name sounds like SM0 and born 2015-04-03"), so the index is compact and
  fixed-width: a million people make about twenty million rows, looked up through the primary
  key's b-tree (key first) on SQLite and PostgreSQL alike.
- PersonMatchProfile: one row per person with everything the scorer compares (all names,
  dates, identifiers, addresses), so scoring a candidate costs one indexed read, not six joins.

No foreign-key constraint in the database: bulk loads of millions of rows stay fast, Django
still cascades deletes, and a stale row is harmless because every search is filtered through
the access policy's queryset of live people.
"""

from django.db import models

from jigsaw.records.models import PersonIndexRecord

__all__ = ["PersonMatchProfile", "PersonSearchKey"]


class PersonSearchKey(PersonIndexRecord, models.Model):
    pk = models.CompositePrimaryKey("key", "person")
    key = models.BigIntegerField()
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, db_constraint=False, related_name="+", db_index=True
    )
    kind = models.SmallIntegerField(help_text="What the key is made of (see matching.keys.Kind)")

    class Meta:
        app_label = "people"

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} -> {self.person_id}"


class PersonMatchProfile(PersonIndexRecord, models.Model):
    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, db_constraint=False, primary_key=True, related_name="+"
    )
    data = models.JSONField(help_text="Normalised names, dates, identifiers and addresses for scoring")

    class Meta:
        app_label = "people"

    def __str__(self) -> str:
        return f"match profile of person {self.person_id}"
