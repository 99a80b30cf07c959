"""PostgreSQL: ``helpdesk_search_ids(probe, common)``, the search's index probe (issue 38).

Answers ``(ids, estimate)``: the planner's estimate of the matches, and the ids found (or
``NULL`` for a term the estimate already calls common).

``probe`` is one ``SELECT`` of ticket ids with its ``LIMIT`` (composed by
``tickets.selectors.search.probe_ids``). The function first asks the planner for its estimate of the
matches (``EXPLAIN``, no execution): above ``common`` the statistics list the term as a
frequent one, and the function answers ``NULL`` ("common") without reading its long
posting lists. Otherwise it runs the probe with sequential and plain index scans turned
off for that statement alone (the function's own ``SET`` clauses, restored on return): the
planner can then only read the search's GIN / trigram indexes through bitmap scans, so a
term the statistics do not list (a rare word, a code, a typo) costs its index entries and
at most the ``LIMIT`` rows, never a walk of the table in date order, whatever the estimate.
``SECURITY INVOKER``: the caller's own rights. SQLite has no such search (``icontains``)
and is left alone.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION helpdesk_search_ids(probe text, common real,
                                               OUT ids uuid[], OUT estimate real)
LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off
SET enable_indexscan = off
SET enable_indexonlyscan = off
SET jit = off
AS $$
DECLARE
  plan json;
BEGIN
  EXECUTE 'EXPLAIN (FORMAT JSON) ' || probe INTO plan;
  -- The node under the Limit: the planner's count of every match.
  estimate := (plan -> 0 -> 'Plan' -> 'Plans' -> 0 ->> 'Plan Rows')::real;
  IF estimate > common THEN
    RETURN;  -- ids NULL: common, nothing read
  END IF;
  EXECUTE 'SELECT ARRAY(' || probe || ')' INTO ids;
END $$;
"""
DROP = "DROP FUNCTION IF EXISTS helpdesk_search_ids(text, real);"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0013_issue28_first_response_alert")]

    operations = [migrations.RunPython(forwards, backwards)]
