"""Inserts that a request makes on every call, their SQL written once per process from the model.

Django's insert compiler writes the INSERT again for every `create()`: for a row of a dozen columns that costs more
CPU than the database spends storing it (a DCI transaction's record: 0.5 ms of Python through `create()`, most of
it writing SQL that never changes). A `KeptInsert` writes the statement at its first use on each database and keeps
it; each insert computes the columns' values as `save()` does (`pre_save`, so `auto_now_add` and defaults apply;
`get_db_prep_save`, so JSON and dates are adapted), sends them, and sets the new primary key on the instance.

Only for a model nobody listens to: if a `pre_save` or `post_save` receiver is connected for it, the insert goes
through `save()` so that it is told (nothing is skipped silently).
"""

from typing import Generic, TypeVar

from django.db import connections, models, router
from django.db.models.signals import post_save, pre_save

M = TypeVar("M", bound=models.Model)


class KeptInsert(Generic[M]):
    """Insert instances of `model`, every concrete column but an automatic primary key, in one statement each."""

    def __init__(self, model: type[M]):
        self.model = model
        self.fields = [field for field in model._meta.concrete_fields if not isinstance(field, models.AutoField)]
        self._kept: dict[str, tuple[str, bool]] = {}

    def _compiled(self, alias: str) -> tuple[str, bool]:
        kept = self._kept.get(alias)
        if kept is None:
            connection = connections[alias]
            quote = connection.ops.quote_name
            columns = ", ".join(quote(str(field.column)) for field in self.fields)
            places = ", ".join(["%s"] * len(self.fields))
            sql = f"INSERT INTO {quote(self.model._meta.db_table)} ({columns}) VALUES ({places})"  # noqa: S608
            returning = bool(connection.features.can_return_columns_from_insert)
            if returning:
                sql += f" RETURNING {quote(str(self.model._meta.pk.column))}"  # type: ignore[union-attr]
            kept = self._kept[alias] = (sql, returning)
        return kept

    def insert(self, instance: M, *, using: str | None = None) -> M:
        """Insert `instance` (new, without its primary key) and give it the key the database chose."""
        if self.listened():
            assert instance._state.adding and instance.pk is None
            instance.save(force_insert=True, using=using)
            return instance
        alias = using or router.db_for_write(self.model, instance=instance)
        sql, values = self.statement(instance, using=alias)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, values)
            key = cursor.fetchone()[0] if self._compiled(alias)[1] else cursor.lastrowid
        return self.inserted(instance, key, using=alias)

    def statement(self, instance: M, *, using: str) -> tuple[str, list]:
        """The INSERT of `instance` and its values, to send as it is or inside another statement (on PostgreSQL it
        returns the new key); `inserted` then gives the instance its key."""
        assert instance._state.adding and instance.pk is None
        connection = connections[using]
        sql, _returning = self._compiled(using)
        return sql, [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in self.fields]

    def inserted(self, instance: M, key: object, *, using: str) -> M:
        instance.pk = key
        instance._state.adding, instance._state.db = False, using
        return instance

    def listened(self) -> bool:
        """Whether someone listens to the model's saves (then only `insert` may write it: through save())."""
        return pre_save.has_listeners(self.model) or post_save.has_listeners(self.model)
