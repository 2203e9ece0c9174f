"""Reads of one row that every request makes, written in SQL once per process from the models' names.

Django's query compiler writes a query's SQL again on every call: for a read of one row by its key that costs two
to three times what running it costs this process (the signed-in session and user on every staff page: 0.45 and
0.65 ms of CPU through the ORM, 0.15 and 0.18 ms so). A `KeptRead` is built once, at import, from a model and
the conditions of its read; its SQL is written at its first call on each database and kept; each call sends it
with the values and makes the row a model instance as the ORM does (`Model.from_db`, with the converters of each
column, so that SQLite's dates and PostgreSQL's come back alike).

Only for reads of one table by equality or comparison with given values: anything that joins, orders or changes
its shape with the values stays with the ORM.
"""

from typing import Any, Generic, TypeVar

from django.db import connections, models, router

OPERATORS = ("=", ">", ">=", "<", "<=")
M = TypeVar("M", bound=models.Model)


def _column_field(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column  # a column of the model's table, never a reverse relation
    return field


class KeptRead(Generic[M]):
    """The first row of `model` whose fields meet the `conditions` ((field name, operator), …), as an instance
    with the `fields` named and its primary key (default: every column; the others are deferred, read if
    touched)."""

    def __init__(self, model: type[M], *conditions: tuple[str, str], fields: tuple[str, ...] = ()):
        assert conditions and all(operator in OPERATORS for _, operator in conditions)
        self.model = model
        self.conditions = [(_column_field(model, name), operator) for name, operator in conditions]
        self.fields = [_column_field(model, name) for name in fields]
        if not fields:
            self.fields = [_column_field(model, field.name) for field in model._meta.concrete_fields]
        elif model._meta.pk not in self.fields:
            self.fields.insert(0, _column_field(model, model._meta.pk.name))  # type: ignore[union-attr]
        self._kept: dict[str, tuple[str, list[str], list[tuple[int, list, Any]]]] = {}

    def _compiled(self, alias: str):
        kept = self._kept.get(alias)
        if kept is None:
            connection = connections[alias]
            quote = connection.ops.quote_name
            table = self.model._meta.db_table
            columns = ", ".join(quote(str(field.column)) for field in self.fields)
            where = " AND ".join(f"{quote(str(field.column))} {operator} %s" for field, operator in self.conditions)
            sql = f"SELECT {columns} FROM {quote(table)} WHERE {where} LIMIT 1"  # noqa: S608 (our names, quoted)
            converters = []
            for index, field in enumerate(self.fields):
                column = field.get_col(table)
                found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
                if found:
                    converters.append((index, found, column))
            kept = self._kept[alias] = (sql, [field.attname for field in self.fields], converters)
        return kept

    def first(self, *values: Any, using: str | None = None) -> M | None:
        """The row whose condition fields have these values (in the conditions' order), or None."""
        alias = using or router.db_for_read(self.model)
        connection = connections[alias]
        sql, attnames, converters = self._compiled(alias)
        params = [
            field.get_db_prep_value(value, connection, prepared=False)
            for (field, _), value in zip(self.conditions, values, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for index, functions, column in converters:
            for convert in functions:
                row[index] = convert(row[index], column, connection)
        return self.model.from_db(alias, attnames, row)
