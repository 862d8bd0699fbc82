"""Glue job: turn the raw POS JSON logs into the declared, dt-partitioned Parquet tables.

Rendered from glue-jobs/backfill_job.py.hbs and the manifest by `npm run build:models`; do not edit
the rendered file. The SQL below is the Spark dialect of the models' own raw->table mapping, so this
job cannot drift from the declaration the Lambda and the local engine also follow.

Job arguments:
  --RAW_PATH       s3://bucket/raw/  (the raw logs; each source is read below it)
  --TABLES_PATH    s3://bucket/tables/  (each table is written below it)
  --REJECTED_PATH  s3://bucket/rejected/  (malformed JSON lines are kept here with the reason)
"""
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

MANIFEST_VERSION = 1

# Each source: its temporary view name, its location below RAW_PATH and its declared schema.
SOURCES = [
    {
        "name": "pos_skus",
        "location": "skus/",
        "schema": "sku_id string, product_name string, price string"
    },
    {
        "name": "pos_stores",
        "location": "stores/",
        "schema": "store_id string, store_name string, store_location string"
    },
    {
        "name": "pos_transactions",
        "location": "transactions/",
        "schema": "transaction_id string, store_id string, transaction_datetime string, items array<struct<sku_id: string, quantity: int>>"
    }
]

# Each table, in dependency order: its location below TABLES_PATH, its partition columns and the
# Spark SQL of its mapping (reads the source views registered above).
TABLES = [
    {
        "name": "skus",
        "location": "skus/",
        "partition_by": [],
        "compression": "snappy",
        "sql": "SELECT\n  CAST(p.sku_id AS string) AS sku_id,\n  CAST(p.product_name AS string) AS product_name,\n  CAST(p.price AS decimal(10, 2)) AS price\nFROM\n  pos_skus AS p"
    },
    {
        "name": "supermarkets",
        "location": "supermarkets/",
        "partition_by": [],
        "compression": "snappy",
        "sql": "SELECT\n  CAST(s.store_id AS string) AS store_id,\n  CAST(s.store_name AS string) AS store_name,\n  CAST(s.store_location AS string) AS store_location\nFROM\n  pos_stores AS s"
    },
    {
        "name": "transaction_items",
        "location": "transaction_items/",
        "partition_by": [
            "dt"
        ],
        "compression": "snappy",
        "sql": "SELECT\n  CAST(t.transaction_id AS string) AS transaction_id,\n  CAST(i.item.sku_id AS string) AS sku_id,\n  CAST(i.item.quantity AS int) AS quantity,\n  CAST(t.store_id AS string) AS store_id,\n  CAST(t.transaction_datetime AS timestamp) AS transaction_datetime,\n  CAST(\n    CAST(CAST(t.transaction_datetime AS timestamp) AS date) AS string\n  ) AS dt\nFROM\n  pos_transactions AS t\nLATERAL VIEW EXPLODE (t.items) i AS item"
    },
    {
        "name": "transactions",
        "location": "transactions/",
        "partition_by": [
            "dt"
        ],
        "compression": "snappy",
        "sql": "SELECT\n  CAST(t.transaction_id AS string) AS transaction_id,\n  CAST(t.store_id AS string) AS store_id,\n  CAST(t.transaction_datetime AS timestamp) AS transaction_datetime,\n  CAST(\n    CAST(CAST(t.transaction_datetime AS timestamp) AS date) AS string\n  ) AS dt\nFROM\n  pos_transactions AS t"
    }
]

CORRUPT = "_corrupt_record"


def main():
    args = getResolvedOptions(sys.argv, ["JOB_NAME", "RAW_PATH", "TABLES_PATH", "REJECTED_PATH"])
    glue = GlueContext(SparkContext.getOrCreate())
    spark = glue.spark_session
    job = Job(glue)
    job.init(args["JOB_NAME"], args)

    # A rerun replaces exactly the partitions it writes instead of appending duplicates.
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
    # Datetimes in the logs are UTC wall-clock times; no session zone may shift them.
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    # Athena's Hive tables read timestamp(3): write INT64 TIMESTAMP_MILLIS.
    spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MILLIS")

    raw_path = with_slash(args["RAW_PATH"])
    tables_path = with_slash(args["TABLES_PATH"])
    rejected_path = with_slash(args["REJECTED_PATH"])
    run_id = args.get("JOB_RUN_ID", "manual")

    for source in SOURCES:
        frame = (
            spark.read.schema(source["schema"] + ", " + CORRUPT + " string")
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", CORRUPT)
            .json(raw_path + source["location"])
            .cache()
        )
        bad = frame.filter(F.col(CORRUPT).isNotNull())
        (
            bad.select(F.lit("malformed JSON").alias("reason"), F.col(CORRUPT).alias("original"))
            .write.mode("append")
            .json(rejected_path + "batch/" + run_id + "/" + source["name"] + "/")
        )
        frame.filter(F.col(CORRUPT).isNull()).drop(CORRUPT).createOrReplaceTempView(source["name"])

    for table in TABLES:
        writer = spark.sql(table["sql"]).write.mode("overwrite").option("compression", table["compression"])
        if table["partition_by"]:
            writer = writer.partitionBy(*table["partition_by"])
        writer.parquet(tables_path + table["location"])

    job.commit()


def with_slash(path):
    return path if path.endswith("/") else path + "/"


if __name__ == "__main__":
    main()
