"""PostgreSQL: a finer statistics target for ``search_vector`` (issue 10).

With the default target (100) ``ANALYZE`` keeps only the lexemes of about 5 % of the
tickets or more, and estimates every rarer word at a flat 0.5 % (5,000 rows of 1 M). For a
word in 1,000 tickets the planner then walks the date index over 44,000 rows to find the
newest 50 matches (140 ms) instead of reading its 1,000 matches from the GIN index and
sorting them (10 ms). Target 1000 keeps lexemes down to about 0.01 % of the rows, so a
word's estimate is its real frequency; ``ANALYZE`` samples 300,000 rows instead of 30,000
(the migration runs it once for the column).
SQLite has no such column (``icontains`` search) and is left alone.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE tickets_ticket ALTER COLUMN search_vector SET STATISTICS 1000"
            )
            # The new target counts from the next ANALYZE: take it now (a few seconds at a
            # million tickets; ANALYZE may run inside the migration's transaction).
            cursor.execute("ANALYZE tickets_ticket (search_vector)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE tickets_ticket ALTER COLUMN search_vector SET STATISTICS -1"
            )


class Migration(migrations.Migration):
    dependencies = [("tickets", "0011_activity_rating")]

    operations = [migrations.RunPython(forwards, backwards)]
