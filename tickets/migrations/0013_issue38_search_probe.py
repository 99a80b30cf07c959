"""PostgreSQL: ``helpdesk_search_ids(probe)``, the search's index probe (issue 38).

Runs one ``SELECT`` of ticket ids (composed by ``tickets.search.probe_ids``, with its
``LIMIT``) with sequential and plain index scans turned off for that statement alone (the
function's own ``SET`` clauses, restored on return): the planner can then only read the
search's GIN / trigram indexes (and the filters' indexes) through bitmap scans, so a term
the statistics do not list costs its index entries and at most the ``LIMIT`` rows, never a
walk of the table in date order, whatever the estimate. ``SECURITY INVOKER``: the caller's
own rights. SQLite has no such search (``icontains``) and is left alone.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION helpdesk_search_ids(probe text) RETURNS SETOF uuid
LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off
SET enable_indexscan = off
SET enable_indexonlyscan = off
SET jit = off
AS $$ BEGIN RETURN QUERY EXECUTE probe; END $$;
"""
DROP = "DROP FUNCTION IF EXISTS helpdesk_search_ids(text);"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0012_search_vector_statistics")]

    operations = [migrations.RunPython(forwards, backwards)]
