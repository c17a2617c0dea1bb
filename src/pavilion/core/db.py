"""Database access the ORM does not offer."""

from contextlib import contextmanager

from django.db import connection


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
