"""A minimal local stand-in for AWS Glue's `awsglue` package: just what glue-jobs/backfill_job.py
imports, so the rendered job runs unchanged on plain PySpark. Put on PYTHONPATH only off AWS
(src/engines/spark/spark-backfill.ts does); on Glue the real package is used."""
