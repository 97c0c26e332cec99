"""Scale-out: the ingest/analysis functions of the local engine, run as Dask tasks."""
