"""Database access the ORM does not offer."""

from contextlib import contextmanager
from decimal import Decimal

from django.db import connection, models
from django.db.models import Sum


@contextmanager
def server_bound_cursor():
    """A Django cursor that sends parameters apart from the statement's text.

    On PostgreSQL, Django's cursors write the parameters into the statement
    (client-side binding), so the server parses and plans every statement
    anew. With the parameters apart, a statement that runs on every request
    is prepared by psycopg once per connection (after ``prepare_threshold``
    runs, see settings) and only executed from then on: for the scan upload's
    INSERT that is a third of the database's work. Queries stay in
    ``connection.queries`` and test query counts. Elsewhere: Django's cursor.
    """
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = ServerBindingCursor(connection.connection)
    if connection.queries_logged:
        cursor = connection.make_debug_cursor(raw)
    else:
        cursor = connection.make_cursor(raw)
    with cursor:
        yield cursor


# Exact money sums on SQLite. SQLite keeps a non-integral NUMERIC as a float
# and SUM()s floats; Django then reads the sum with 15 significant digits, so
# three amounts of 9,999,999,999,999.99 add up to 30,000,000,000,000.00.
# ExactSum runs, on SQLite only, an aggregate written in Python that reads each
# amount back as the decimal it was written as (every amount we accept has at
# most 15 significant digits, which a float holds exactly in its shortest
# repr) and adds Decimals. PostgreSQL's numeric SUM is exact and stays as is.
SQLITE_DECIMAL_SUM = "pavilion_decimal_sum"


class _SqliteDecimalSum:
    def __init__(self):
        self.total = None

    def step(self, value):
        if value is None:
            return
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
        self.total = amount if self.total is None else self.total + amount

    def finalize(self):
        return None if self.total is None else str(self.total)


def register_sqlite_functions(sender, connection, **kwargs):
    """Connected to ``connection_created`` (core.apps)."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate(SQLITE_DECIMAL_SUM, 1, _SqliteDecimalSum)


class _ExactDecimalField(models.DecimalField):
    """The output of ExactSum: text from SQLite's Python aggregate, a numeric from
    PostgreSQL; a Decimal either way."""

    def get_internal_type(self):
        # Not "DecimalField": SQLite's backend would read the text back as a float.
        return "TextField"

    def from_db_value(self, value, expression, connection):
        return None if value is None else Decimal(value)


class ExactSum(Sum):
    """``Sum`` of a decimal column that is exact on every database (see above)."""

    def __init__(self, expression, **extra):
        extra.setdefault("output_field", _ExactDecimalField(max_digits=40, decimal_places=10))
        super().__init__(expression, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function=SQLITE_DECIMAL_SUM, **extra_context)


def update_rows(model, rows, fields: list[str], *, chunk: int = 1000) -> None:
    """Write ``fields`` of each of ``rows`` (saved instances) back, in bulk.

    ``QuerySet.bulk_update`` builds one CASE WHEN expression per field and row,
    which costs milliseconds of Python per row; a file of 20,000 updates would
    spend minutes there. This sends one parametrised UPDATE by primary key,
    executed for every row at once (executemany: a C loop on SQLite, a
    pipeline on PostgreSQL). No signals, no auto_now: set those fields first.
    """
    if not rows:
        return
    opts = model._meta
    columns = [opts.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in columns)
    sql = f"UPDATE {quote(opts.db_table)} SET {assignments} WHERE {quote(opts.pk.column)} = %s"  # noqa: S608
    params = [
        [f.get_db_prep_save(getattr(row, f.attname), connection) for f in columns] + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(params), chunk):
            cursor.executemany(sql, params[start : start + chunk])
