"""Bulk row writer for synthetic data: PostgreSQL `COPY … FROM STDIN` (psycopg 3 `cursor.copy`), or
`executemany` in chunks elsewhere (SQLite). No model instances, no `save()`, no history rows: at
province scale a per-row service would take hours, and the audit history of invented data is noise.

Ids are given by the generator (the next free id of each table, read once), so that foreign keys can
be written without reading anything back; the sequences are reset afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.management.color import no_style
from django.db import connection as default_connection
from django.db.models import NOT_PROVIDED, DateField, DateTimeField, DecimalField, JSONField

CHUNK = 20_000


class BulkWriter:
    def __init__(self, *, now: datetime, connection=None, use_copy: bool | None = None, chunk: int = CHUNK):
        self.connection = connection or default_connection
        self.postgres = self.connection.vendor == "postgresql"
        self.use_copy = self.postgres if use_copy is None else use_copy
        self.now = now
        self.chunk = chunk
        self.counts: dict[str, int] = {}
        self.models: list = []

    # ------------------------------------------------------------------ ids
    def next_id(self, model) -> int:
        table = self.connection.ops.quote_name(model._meta.db_table)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
            return int(cursor.fetchone()[0])

    # ------------------------------------------------------------------ rows
    def _plan(self, model, fields: list[str]):
        """Column names, and for each column either the index of the value in a given row or a
        constant (the field's default, `now` for auto timestamps, NULL for nullable fields)."""
        given = {name: i for i, name in enumerate(fields)}
        columns, plan = [], []
        for f in model._meta.concrete_fields:
            columns.append(f.column)
            if f.attname in given:
                plan.append((given.pop(f.attname), None, self._adapter(f)))
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = self.now
            elif f.default is not NOT_PROVIDED:
                value = f.get_default()
            elif f.null:
                value = None
            elif f.blank and f.get_internal_type() in ("CharField", "TextField", "SlugField"):
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{f.attname}: no value and no default")
            plan.append((None, self._prep(f, value), None))
        if given:
            raise ValueError(f"{model.__name__}: unknown fields {sorted(given)}")
        return columns, plan

    def _prep(self, field, value):
        if value is None:
            return None
        if isinstance(field, JSONField) and self.use_copy:
            import json

            return json.dumps(value, ensure_ascii=False)
        if self.use_copy:
            return value
        return field.get_db_prep_save(value, self.connection)

    def _adapter(self, field):
        if self.use_copy:
            return None  # COPY adapts Python dates, datetimes, decimals and bools itself
        if isinstance(field, (DateTimeField, DateField, DecimalField, JSONField)):
            return lambda v, f=field: None if v is None else f.get_db_prep_save(v, self.connection)
        return None

    def insert(self, model, fields: list[str], rows: Iterable[tuple]) -> int:
        """Write `rows` (tuples in the order of `fields`, attnames like `community_id`) into `model`'s
        table; columns not named get their default. Returns the number of rows written."""
        columns, plan = self._plan(model, fields)
        table = model._meta.db_table
        adapted = any(a is not None for _i, _c, a in plan)

        def full(row):
            if adapted:
                return tuple((row[i] if a is None else a(row[i])) if i is not None else c for i, c, a in plan)
            return tuple(row[i] if i is not None else c for i, c, _a in plan)

        n = 0
        if self.use_copy:
            quoted = ", ".join(f'"{c}"' for c in columns)
            with self.connection.cursor() as wrapper:
                cursor = wrapper.cursor  # the psycopg 3 cursor behind Django's wrapper
                with cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(full(row))
                        n += 1
        else:
            sql = (f'INSERT INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) '
                   f'VALUES ({", ".join(["%s"] * len(columns))})')
            batch = []
            with self.connection.cursor() as cursor:
                for row in rows:
                    batch.append(full(row))
                    if len(batch) >= self.chunk:
                        cursor.executemany(sql, batch)
                        n += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    n += len(batch)
        self.counts[table] = self.counts.get(table, 0) + n
        if model not in self.models:
            self.models.append(model)
        return n

    # ------------------------------------------------------------------ after
    def finish(self) -> None:
        """Reset the id sequences past the ids given (inside the load's transaction)."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), self.models)
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def analyze(self) -> None:
        """After the commit: refresh the planner's statistics; on PostgreSQL also VACUUM, which sets the
        visibility map so that counts can be answered from an index alone (COPY leaves it unset)."""
        if self.connection.in_atomic_block:
            return  # inside a test's transaction: VACUUM cannot run there and is not needed
        with self.connection.cursor() as cursor:
            if self.postgres:
                for model in self.models:
                    cursor.execute(f'VACUUM (ANALYZE) "{model._meta.db_table}"')
            elif self.connection.vendor == "sqlite":
                cursor.execute("ANALYZE")
