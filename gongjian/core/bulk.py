"""Fast inserts for big imports: one executemany per batch with values adapted by the database
backend, skipping the ORM's per-value SQL compilation (which cost most of an import's time).

Used where thousands of rows are checked first and then written in one transaction; the caller also
writes the audit history rows (django-simple-history's table) with the same function.
"""

from collections.abc import Iterable, Sequence

from django.db import connection, models


def _adapter(field):
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: connection.ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)
    return None


def insert_rows(model: type[models.Model], rows: Iterable[dict], *, batch_size: int = 2000) -> int:
    """INSERT `rows` (dicts keyed by field attname; missing keys take the field's default).

    The auto primary key is left to the database. Returns the number of rows written.
    """
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and isinstance(f, models.AutoField))]
    columns = [f.column for f in fields]
    adapters = [_adapter(f) for f in fields]
    defaults = [f.get_default() if f.has_default() else None for f in fields]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    written = 0
    batch: list[Sequence] = []
    with connection.cursor() as cursor:
        for row in rows:
            values = []
            for field, adapt, default in zip(fields, adapters, defaults, strict=True):
                value = row.get(field.attname, default)
                values.append(adapt(value) if adapt is not None and value is not None else value)
            batch.append(values)
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written
