"""Bulk CSV import and export of WebRTC clients, through each database's fast path.

Every row goes through ``provisioning.build_rows``, the very code ``webrtc add`` uses, and the
whole import is one transaction: with any bad line, nothing is committed.

* Validation and loading run as a pipeline: a writer thread loads each chunk of validated rows while the
  next chunk is validated. PostgreSQL: ``COPY`` (insert mode: straight into the three tables; upsert
  mode: into staging tables, merged with ``INSERT ... ON CONFLICT ... WHERE ... IS DISTINCT FROM`` so
  unchanged rows are not rewritten). MariaDB/MySQL, when the server allows local files: ``LOAD DATA LOCAL
  INFILE`` (insert: into the tables; upsert: into index-free staging tables, then only new and changed
  rows are merged). SQLite, insert mode: one ``INSERT ... SELECT ... FROM json_each(?)`` per table and
  chunk. A bad line stops the loading; the validation still runs to the end so that every bad line is
  reported, then everything rolls back.
* Otherwise (SQLite upserts, MariaDB without local files, MariaDB upserts by an account that may not
  create temporary tables, dry runs, a connection the caller lent us) validated rows are spooled to
  temporary files, then written by batched ``executemany``; upsert writes only new and changed rows.

Memory stays bounded whatever the file size: a few chunks are held, and the ids (for duplicate
detection) move to a temporary SQLite file past 100,000. Killing the process at any moment leaves
the database as it was.

The modules follow a row: ``reading`` (bytes to lines) -> ``header`` (the plan of columns) ->
``validate`` (each line through ``build_rows``; ``ids`` catches repeats and existing ids) ->
a ``pipeline`` that loads while validating (``load_postgresql``: COPY; ``load_mariadb``: LOAD DATA;
``load_sqlite``: JSON inserts) or ``spool`` then ``load_batched`` (the cases above) ->
``report``. ``importer`` runs the stages in one transaction; ``export`` writes the same format back.
"""
from .export import export_csv
from .importer import MODES, import_csv
from .report import ImportErrors, ImportReport

__all__ = ["MODES", "ImportErrors", "ImportReport", "export_csv", "import_csv"]
