"""Reads of one row that every request makes, written in SQL once per process from the models' names.

Django's query compiler writes a query's SQL again on every call: for a read of one row by its key that costs two
to three times what running it costs this process (the signed-in session and user on every staff page: 0.45 and
0.65 ms of CPU through the ORM, 0.15 and 0.18 ms so). A `KeptRead` is built once, at import, from a model and
the conditions of its read; its SQL is written at its first call on each database and kept; each call sends it
with the values and makes the row a model instance as the ORM does (`Model.from_db`, with the converters of each
column, so that SQLite's dates and PostgreSQL's come back alike).

Only for reads of one row by equality or comparison with given values, with at most the rows of its foreign keys
and whether other rows point to it. A read that filters by scope, orders or pages is a `KeptQuery`: the ORM writes
it, once for each of its shapes (the scope, the day, the page…), and each call sends the SQL kept with its one
changing value.
"""

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar, cast

from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router

OPERATORS = ("=", ">", ">=", "<", "<=")
M = TypeVar("M", bound=models.Model)


def _column_field(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column  # a column of the model's table, never a reverse relation
    return field


class KeptRead(Generic[M]):
    """The first row of `model` whose fields meet the `conditions` ((field name, operator), …), as an instance
    with the `fields` named and its primary key (default: every column; the others are deferred, read if touched).

    `joined` names foreign keys whose row is read in the same statement, whole, and set on the instance (as
    `select_related` does; an empty key gives None). `exists` names attributes set to whether some row of another
    table points to this one: {attribute: ((model, its foreign key's name), …)}, true if any of them has one."""

    def __init__(
        self,
        model: type[M],
        *conditions: tuple[str, str],
        fields: tuple[str, ...] = (),
        joined: tuple[str, ...] = (),
        exists: dict[str, tuple[tuple[type[models.Model], str], ...]] | None = None,
    ):
        assert conditions and all(operator in OPERATORS for _, operator in conditions)
        self.model = model
        self.conditions = [(_column_field(model, name), operator) for name, operator in conditions]
        self.fields = [_column_field(model, name) for name in fields]
        if not fields:
            self.fields = _every_column(model)
        elif model._meta.pk not in self.fields:
            self.fields.insert(0, _column_field(model, model._meta.pk.name))  # type: ignore[union-attr]
        self.joined = [_foreign_key(model, name) for name in joined]
        self.exists = exists or {}
        self._kept: dict[str, tuple[str, list[tuple[str, int, int, list[str], list]]]] = {}

    def _compiled(self, alias: str):
        kept = self._kept.get(alias)
        if kept is None:
            connection = connections[alias]
            quote = connection.ops.quote_name
            tables: list[tuple[type[models.Model], list[models.Field], str]] = [(self.model, self.fields, "t0")]
            tables += [(related, _every_column(related), f"t{n}") for n, (_, related) in enumerate(self.joined, 1)]
            columns, parts, start = [], [], 0
            for model, fields, name in tables:
                columns += [f"{name}.{quote(str(field.column))}" for field in fields]
                converters = []
                for index, field in enumerate(fields):
                    column = field.get_col(model._meta.db_table)
                    found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
                    if found:
                        converters.append((index, found, column))
                parts.append((name, start, start + len(fields), [field.attname for field in fields], converters))
                start += len(fields)
            pk = f"t0.{quote(str(self.model._meta.pk.column))}"  # type: ignore[union-attr]
            for sources in self.exists.values():
                columns.append(" OR ".join(_exists_sql(model, key, pk, quote) for model, key in sources))
            sql = f"SELECT {', '.join(columns)} FROM {quote(self.model._meta.db_table)} t0"  # noqa: S608 (names)
            for n, (key, related) in enumerate(self.joined, 1):
                on = f"t{n}.{quote(str(key.target_field.column))} = t0.{quote(str(key.column))}"
                sql += f" {'LEFT JOIN' if key.null else 'JOIN'} {quote(related._meta.db_table)} t{n} ON {on}"
            where = " AND ".join(f"t0.{quote(str(field.column))} {operator} %s" for field, operator in self.conditions)
            kept = self._kept[alias] = (f"{sql} WHERE {where} LIMIT 1", parts)
        return kept

    def first(self, *values: Any, using: str | None = None) -> M | None:
        """The row whose condition fields have these values (in the conditions' order), or None."""
        alias = using or router.db_for_read(self.model)
        connection = connections[alias]
        sql, parts = self._compiled(alias)
        params = [
            field.get_db_prep_value(value, connection, prepared=False)
            for (field, _), value in zip(self.conditions, values, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        instances: list[models.Model | None] = []
        read: list[type[models.Model]] = [self.model, *(related for _, related in self.joined)]
        for (_name, start, end, attnames, converters), model in zip(parts, read, strict=True):
            values_of = list(row[start:end])
            for index, functions, column in converters:
                for convert in functions:
                    values_of[index] = convert(values_of[index], column, connection)
            empty = values_of[0] is None  # a left join that found nothing (the first column is the primary key)
            instances.append(None if empty else model.from_db(alias, attnames, values_of))
        found = cast(M, instances[0])
        for (key, _), related in zip(self.joined, instances[1:], strict=True):
            setattr(found, key.name, related)
        for name, value in zip(self.exists, row[parts[-1][2] :], strict=True):
            setattr(found, name, bool(value))
        return found


def _foreign_key(model: type[models.Model], name: str) -> tuple[models.ForeignKey, type[models.Model]]:
    key = model._meta.get_field(name)
    assert isinstance(key, models.ForeignKey) and isinstance(key.related_model, type)
    return key, key.related_model


def _every_column(model: type[models.Model]) -> list[models.Field]:
    return [_column_field(model, field.name) for field in model._meta.concrete_fields]


def _exists_sql(model: type[models.Model], key: str, pk: str, quote) -> str:
    """Whether a row of `model` points to the read row (`pk`, its primary key's column) by its foreign key `key`."""
    column = quote(str(_column_field(model, key).column))
    return f"EXISTS (SELECT 1 FROM {quote(model._meta.db_table)} x WHERE x.{column} = {pk})"  # noqa: S608 (names)


class KeptQuery(Generic[M]):
    """The rows of a queryset the ORM builds, its SQL written once per `shape`.

    `build(shape, value)` returns the queryset for a shape (a hashable of everything, besides at most one value,
    that the query depends on: a scope as a Q of plain values, today's date, a page) and the value compared in
    it, if any. It is called once per shape, with a marker for the value; the SQL and parameters are kept, and
    each call sends them with its value where the marker was. The value must reach the SQL as given (text compared
    with a column of text, normalised first; or a whole number, a key), and the queryset's rows must be the
    model's own columns (its annotations become attributes, as the database driver gives them — keep them to
    numbers and text —; no select_related: join what is needed as annotations, `joined_columns`, and make them the
    related instance with `attach_joined`)."""

    # What the builder is given in place of the value: text, or a whole number (a key) no row holds.
    MARKERS: dict[type, Any] = {str: "\x1ekept-query-value\x1e", int: -4_611_686_018_427_387_001}
    SHAPES = 512  # past this many shapes in a process, the oldest are written again when met

    def __init__(self, model: type[M], build: Callable[[Any, Any], models.QuerySet]):
        self.model = model
        self.build = build
        self._kept: dict[tuple[Hashable, type | None], _Kept] = {}

    def _compiled(self, shape: Hashable, kind: type | None) -> "_Kept":
        kept = self._kept.get((shape, kind))
        if kept is None:
            marker = self.MARKERS[kind] if kind is not None else None
            queryset = self.build(shape, marker)
            compiler = queryset.query.get_compiler(using=queryset.db)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:  # a condition no row can meet (an empty scope): no SQL to send
                sql, params = "", ()
            at = [index for index, param in enumerate(params) if kind is not None and param == marker]
            assert not sql or len(at) == (kind is not None), "the value must be compared once, as given"
            if len(self._kept) >= self.SHAPES:
                self._kept.pop(next(iter(self._kept)))
            kept = self._kept[(shape, kind)] = _Kept(queryset.db, sql, list(params), at[0] if at else None, compiler)
        return kept

    def _sent(self, shape: Hashable, value: str | int | None) -> tuple["_Kept", list]:
        kept = self._compiled(shape, type(value) if value is not None else None)
        sent = list(kept.params)
        if kept.at is not None:
            sent[kept.at] = value
        return kept, sent

    def rows(self, shape: Hashable, value: str | int | None = None) -> list[M]:
        """The model's instances, as the ORM makes them (its converters applied, annotations set as attributes)."""
        kept, sent = self._sent(shape, value)
        if not kept.sql:
            return []
        connection = connections[kept.using]
        with connection.cursor() as cursor:
            cursor.execute(kept.sql, sent)
            read = cursor.fetchall()
        found = []
        make, using, attnames, fields, annotations = (
            self.model.from_db,
            kept.using,
            kept.attnames,
            kept.fields,
            kept.annotations,
        )
        for row in read:
            if kept.converters:
                row = list(row)
                for index, functions, expression in kept.converters:
                    for convert in functions:
                        row[index] = convert(row[index], expression, connection)
            instance = make(using, attnames, row[fields[0] : fields[1]])
            for name, index in annotations:
                setattr(instance, name, row[index])
            found.append(instance)
        return found

    def count(self, shape: Hashable, value: str | int | None = None) -> int:
        """How many rows the query gives, its limit included (a count up to a cap: a queryset sliced to it)."""
        kept, sent = self._sent(shape, value)
        if not kept.sql:
            return 0
        with connections[kept.using].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({kept.sql}) kept", sent)  # noqa: S608 (the ORM's own SQL)
            return cursor.fetchone()[0]


class _Kept:
    """A shape's SQL and parameters (the value's place among them), and how its rows become instances: the
    columns of the model's fields (their attribute names), the annotations' columns, the converters of each
    column, all as the ORM's compiler laid them out when it wrote the SQL (what ModelIterable does per query)."""

    def __init__(self, using: str, sql: str, params: list, at: int | None, compiler):
        self.using, self.sql, self.params, self.at = using, sql, params, at
        self.attnames: list[str] = []
        self.fields, self.annotations, self.converters = (0, 0), [], []
        if not sql:
            return
        select = compiler.select
        assert compiler.klass_info and not compiler.klass_info.get("related_klass_infos"), "no select_related"
        indexes = compiler.klass_info["select_fields"]
        self.fields = (indexes[0], indexes[-1] + 1)
        self.attnames = [column.target.attname for column, _sql, _alias in select[self.fields[0] : self.fields[1]]]
        self.annotations = list(compiler.annotation_col_map.items())
        found = compiler.get_converters([column for column, _sql, _alias in select])
        self.converters = [(index, functions, expression) for index, (functions, expression) in found.items()]


def joined_columns(key: str, columns: tuple[str, ...]) -> dict[str, models.F]:
    """Annotations reading `columns` of the row that the relation `key` reaches (`{key}_{column}`): what a kept
    query joins instead of select_related."""
    return {f"{key}_{column}": models.F(f"{key}__{column}") for column in columns}


def attach_joined(rows: list, key: str, columns: tuple[str, ...]) -> None:
    """Each row's related instance `key` made from its `joined_columns` (and its key): only those columns read, the
    others deferred; None when the row has no such relation. Set as select_related would set it."""
    if not rows:
        return
    relation = rows[0]._meta.get_field(key)
    related = relation.related_model
    attnames = [f.attname for f in related._meta.concrete_fields if f.attname in (related._meta.pk.attname, *columns)]
    own_key = relation.attname if relation.concrete else None  # a foreign key of the row, else a reverse relation
    for row in rows:
        values = vars(row)
        read = {column: values.pop(f"{key}_{column}") for column in columns}
        read[related._meta.pk.attname] = values[own_key] if own_key else read.get(related._meta.pk.attname)
        found = None
        if read[related._meta.pk.attname] is not None:
            found = related.from_db(row._state.db, attnames, [read[name] for name in attnames])
        relation.set_cached_value(row, found)
