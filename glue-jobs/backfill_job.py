"""Glue job: turn the raw POS JSON logs into the declared, dt-partitioned Parquet tables.

Rendered from glue-jobs/backfill_job.py.hbs and the manifest by `npm run build:models`; do not edit
the rendered file. The SQL below is the Spark dialect of the models' own raw->table mapping, and the
record rules are the ones the streaming Lambda enforces, so this job cannot drift from the
declaration the Lambda and the local engine also follow.

Job arguments:
  --RAW_PATH       s3://bucket/raw/  (the raw logs; each source is read below it)
  --TABLES_PATH    s3://bucket/tables/  (each table is written below it)
  --REJECTED_PATH  s3://bucket/rejected/  (rejected records are kept below batch/ with the reason)

Off AWS, `npm run backfill -- --engine spark` runs this script on local PySpark with a stand-in for
the awsglue modules (glue-jobs/local/).
"""
import calendar
import datetime
import decimal
import json
import math
import re
import sys
import time
import uuid

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

MANIFEST_VERSION = 2

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

# Per source, the record rules of the manifest (src/batch/record-rules.ts): declared fields with
# their JSON types, then the casts and row-level tests in the order the streaming Lambda applies
# them. A record that breaks one is written to REJECTED_PATH with the Lambda's reason, never cast
# to NULL (Spark's non-ANSI casts would land it in __HIVE_DEFAULT_PARTITION__).
RULES = [
    {
        "source": "pos_skus",
        "fields": [
            {
                "name": "sku_id",
                "type": {
                    "kind": "string",
                    "nonEmpty": True
                }
            },
            {
                "name": "product_name",
                "type": {
                    "kind": "string",
                    "nonEmpty": True
                }
            },
            {
                "name": "price",
                "type": {
                    "kind": "string",
                    "nonEmpty": True
                }
            }
        ],
        "checks": [
            {
                "kind": "decimal",
                "column": "price",
                "precision": 10,
                "scale": 2,
                "field": "price"
            },
            {
                "kind": "not_null",
                "table": "skus",
                "column": "sku_id",
                "field": "sku_id"
            },
            {
                "kind": "accepted_range",
                "table": "skus",
                "column": "price",
                "min": 0,
                "field": "price"
            }
        ]
    },
    {
        "source": "pos_stores",
        "fields": [
            {
                "name": "store_id",
                "type": {
                    "kind": "string",
                    "nonEmpty": True
                }
            },
            {
                "name": "store_name",
                "type": {
                    "kind": "string",
                    "nonEmpty": True
                }
            },
            {
                "name": "store_location",
                "type": {
                    "kind": "string",
                    "nonEmpty": True
                }
            }
        ],
        "checks": [
            {
                "kind": "not_null",
                "table": "supermarkets",
                "column": "store_id",
                "field": "store_id"
            },
            {
                "kind": "not_null",
                "table": "supermarkets",
                "column": "store_name",
                "field": "store_name"
            }
        ]
    },
    {
        "source": "pos_transactions",
        "fields": [
            {
                "name": "transaction_id",
                "type": {
                    "kind": "string",
                    "nonEmpty": True
                }
            },
            {
                "name": "store_id",
                "type": {
                    "kind": "string",
                    "nonEmpty": True
                }
            },
            {
                "name": "transaction_datetime",
                "type": {
                    "kind": "string",
                    "nonEmpty": True
                }
            },
            {
                "name": "items",
                "type": {
                    "kind": "array",
                    "element": {
                        "kind": "object",
                        "fields": [
                            {
                                "name": "sku_id",
                                "type": {
                                    "kind": "string",
                                    "nonEmpty": True
                                }
                            },
                            {
                                "name": "quantity",
                                "type": {
                                    "kind": "int",
                                    "min": -2147483648,
                                    "max": 2147483647
                                }
                            }
                        ]
                    },
                    "nonEmpty": True
                }
            }
        ],
        "checks": [
            {
                "kind": "timestamp",
                "column": "transaction_datetime",
                "field": "transaction_datetime"
            },
            {
                "kind": "not_null",
                "table": "transaction_items",
                "column": "transaction_id",
                "field": "transaction_id"
            },
            {
                "kind": "accepted_range",
                "table": "transaction_items",
                "column": "quantity",
                "min": 1,
                "field": "quantity",
                "element": "items"
            },
            {
                "kind": "not_null",
                "table": "transactions",
                "column": "transaction_id",
                "field": "transaction_id"
            },
            {
                "kind": "not_null",
                "table": "transactions",
                "column": "transaction_datetime",
                "field": "transaction_datetime"
            }
        ]
    }
]

# The accepted datetime window (src/streaming/datetime-window.ts): not before the projection's first
# day, not more than the allowed skew past the job's start — the stream's bounds and wording, so a
# record outside lands in no table in the stream and the batch alike.
WINDOW = {
    "notBefore": "2024-01-01",
    "maxFutureSkewMinutes": 1440
}
WINDOW_MIN_MS = calendar.timegm(time.strptime(WINDOW["notBefore"], "%Y-%m-%d")) * 1000
NOW_MS = int(time.time() * 1000)

# Files this job owns in a table folder; streaming (stream-*) and compaction (compact-*) files are
# never touched, so a backfill never deletes streamed rows.
BATCH_FILE_PREFIX = "batch-"


def main():
    args = getResolvedOptions(sys.argv, ["JOB_NAME", "RAW_PATH", "TABLES_PATH", "REJECTED_PATH"])
    glue = GlueContext(SparkContext.getOrCreate())
    spark = glue.spark_session
    job = Job(glue)
    job.init(args["JOB_NAME"], args)

    # Datetimes in the logs are UTC wall-clock times; no session zone may shift them.
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    # Athena's Hive tables read timestamp(3): write INT64 TIMESTAMP_MILLIS.
    spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MILLIS")

    raw_path = with_slash(args["RAW_PATH"])
    tables_path = with_slash(args["TABLES_PATH"])
    rejected_path = with_slash(args["REJECTED_PATH"])
    # Glue passes --JOB_RUN_ID; a local run makes its own. It names the staging and rejected folders.
    run_id = job_run_id(sys.argv)
    staging_root = tables_path + ".staging-" + run_id + "/"

    # Raw logs may sit in dated subfolders below a source's location.
    spark.sparkContext._jsc.hadoopConfiguration().set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
    rules = {r["source"]: r for r in RULES}
    for source in SOURCES:
        started = time.time()
        if not has_files(spark, raw_path + source["location"]):
            spark.createDataFrame([], source["schema"]).createOrReplaceTempView(source["name"])
            progress("%s: no raw files" % source["name"])
            continue
        # Whole files, so that a rejected record carries its file and line as the Lambda's do.
        lines = spark.sparkContext.wholeTextFiles(raw_path + source["location"]).flatMap(numbered_lines)
        # A history is a few large files: spread their lines over the cores before validating them.
        lines = lines.repartition(max(spark.sparkContext.defaultParallelism, lines.getNumPartitions()))
        checked = lines.map(lambda rec, r=rules.get(source["name"]): check_line(rec, r)).cache()
        counts = checked.map(lambda c: c[0] is None).countByValue()
        rejected_count, accepted_count = counts.get(False, 0), counts.get(True, 0)
        rejected = checked.filter(lambda c: c[0] is not None)
        if rejected_count > 0:
            (
                spark.createDataFrame(rejected.map(lambda c: (c[1], c[2], c[0], c[3])), "key string, line int, reason string, original string")
                .coalesce(1)
                .write.mode("append")
                .json(rejected_path + "batch/" + run_id + "/" + source["name"] + "/")
            )
        valid = checked.filter(lambda c: c[0] is None).map(lambda c: c[3])
        if accepted_count > 0:
            # Cached: every table mapped from this source reads it (transactions and transaction_items).
            frame = spark.read.schema(source["schema"]).json(valid).cache()
        else:
            frame = spark.createDataFrame([], source["schema"])
        frame.createOrReplaceTempView(source["name"])
        progress("%s: %d records accepted, %d rejected (%.1f s)" % (source["name"], accepted_count, rejected_count, time.time() - started))

    fs_root = hadoop_path(spark, tables_path)
    try:
        for table in TABLES:
            started = time.time()
            staging = staging_root + table["name"] + "/"
            # Written whole into a staging folder that no table location covers, then moved in
            # file by file (swap_in): Spark's overwrite modes would delete every file of a touched
            # partition, streamed ones included.
            rows = spark.sql(table["sql"])
            # One file per partition, as the DuckDB backfill writes: batch files are never compacted.
            rows = rows.repartition(*table["partition_by"]) if table["partition_by"] else rows.coalesce(1)
            writer = rows.write.mode("overwrite").option("compression", table["compression"])
            if table["partition_by"]:
                writer = writer.partitionBy(*table["partition_by"])
            writer.parquet(staging)
            partitions, files = swap_in(spark, staging, tables_path + table["location"], bool(table["partition_by"]))
            progress("%s: %d partitions, %d files (%.1f s)" % (table["name"], partitions, files, time.time() - started))
    finally:
        fs_root[0].delete(hadoop_path(spark, staging_root)[1], True)

    job.commit()


def progress(message):
    print("[backfill] " + message, flush=True)


def with_slash(path):
    return path if path.endswith("/") else path + "/"


def job_run_id(argv):
    if "--JOB_RUN_ID" in argv[:-1]:
        return argv[argv.index("--JOB_RUN_ID") + 1]
    return "local-" + time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + uuid.uuid4().hex[:8]


# --- moving staged files into place (Hadoop FileSystem API: file: locally, s3:// on Glue) ----------


def has_files(spark, uri):
    fs, path = hadoop_path(spark, uri)
    if not fs.exists(path):
        return False
    files = fs.listFiles(path, True)
    while files.hasNext():
        if files.next().getPath().getName().endswith(".jsonl"):
            return True
    return False


def hadoop_path(spark, uri):
    path = spark._jvm.org.apache.hadoop.fs.Path(uri)
    return path.getFileSystem(spark._jsc.hadoopConfiguration()), path


def swap_in(spark, staging, table_location, partitioned):
    """Moves each staged file to batch-NNNNN.parquet in its partition, replacing the previous run's
    file of that name, then deletes the batch files this run did not produce (as the local backfill
    does). A rerun therefore yields the same rows, and files other writers own stay."""
    fs, staging_path = hadoop_path(spark, staging)
    Path = spark._jvm.org.apache.hadoop.fs.Path
    if partitioned:
        dirs = sorted(s.getPath().getName() for s in fs.listStatus(staging_path) if s.isDirectory())
    else:
        dirs = [""]
    files = 0
    for d in dirs:
        source_dir = Path(staging + d) if d else staging_path
        target_dir = Path(table_location + d) if d else Path(table_location)
        fs.mkdirs(target_dir)
        staged = sorted(s.getPath().getName() for s in fs.listStatus(source_dir) if s.getPath().getName().endswith(".parquet"))
        keep = set()
        for i, name in enumerate(staged):
            target = Path(target_dir, "%s%05d.parquet" % (BATCH_FILE_PREFIX, i))
            keep.add(target.getName())
            # Hadoop's rename never replaces a file: delete the old one first (on S3 a rename is a
            # copy and a delete anyway, so there is no atomic replace to keep).
            if fs.exists(target):
                fs.delete(target, False)
            if not fs.rename(Path(source_dir, name), target):
                raise RuntimeError("could not move %s to %s" % (Path(source_dir, name).toString(), target.toString()))
        for s in fs.listStatus(target_dir):
            name = s.getPath().getName()
            if s.isFile() and name.startswith(BATCH_FILE_PREFIX) and name not in keep:
                fs.delete(s.getPath(), False)
        files += len(staged)
    return (len(dirs) if partitioned else 0), files


# --- record rules (interprets RULES; mirrors the streaming Lambda's validation) ---------------------


def numbered_lines(file_and_text):
    key, text = file_and_text
    if not key.endswith(".jsonl"):
        return
    if text.startswith("\ufeff"):
        text = text[1:]
    for i, line in enumerate(text.split("\n")):
        line = line[:-1] if line.endswith("\r") else line
        if line.strip():
            yield key, i + 1, line


def check_line(rec, rules):
    """(reason or None, key, line number, original text or the normalized record as JSON)."""
    key, number, line = rec
    try:
        value = json.loads(line)
    except ValueError as e:
        return ("line %d is not valid JSON: %s" % (number, e), key, number, line)
    if rules is None:
        return (None, key, number, line)
    reason, normalized = validate_record(value, rules)
    if reason is not None:
        return (reason, key, number, line)
    return (None, key, number, json.dumps(normalized))


def validate_record(value, rules):
    issues = []
    normalized = check_type(value, {"kind": "object", "fields": rules["fields"]}, [], issues)
    if issues:
        return "; ".join(issues), None
    for check in rules["checks"]:
        for v in field_values(normalized, check):
            problem = check_value(check, v)
            if problem:
                return problem, None
    return None, normalized


def field_values(record, check):
    if check.get("element"):
        return [e.get(check["field"]) for e in record.get(check["element"]) or []]
    return [record.get(check["field"])]


TIMESTAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$")
DECIMAL = re.compile(r"^(-?)(\d+)(?:\.(\d+))?$")
DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def check_value(check, v):
    kind = check["kind"]
    if kind == "timestamp":
        return None if v is None else timestamp_problem(check["column"], check["field"], v)
    if kind == "decimal":
        return None if v is None else decimal_problem(check, v)
    if kind == "not_null":
        return "%s.%s must not be null" % (check["table"], check["column"]) if v is None else None
    if kind == "accepted_range":
        if v is None:
            return None
        # The mapped value is compared: a decimal string (a price) as its exact number.
        n = decimal.Decimal(v) if isinstance(v, str) else v
        if "min" in check and n < check["min"]:
            return "%s.%s must be \u2265 %s, got %s" % (check["table"], check["column"], number_text(check["min"]), number_text(v))
        if "max" in check and n > check["max"]:
            return "%s.%s must be \u2264 %s, got %s" % (check["table"], check["column"], number_text(check["max"]), number_text(v))
        return None
    raise ValueError("unknown record rule %r: re-render the job with `npm run build:models`" % kind)


def timestamp_problem(column, field, text):
    """The cast's reason, or the stream's window reason, or None: one parse of the text for both."""
    m = TIMESTAMP.match(text.strip())
    if not m:
        return '%s: cannot cast "%s" to timestamp (expected YYYY-MM-DD HH:MM:SS)' % (column, text)
    y, mo, d, h, mi, s = (int(x) for x in m.groups()[:6])
    leap = (y % 4 == 0 and y % 100 != 0) or y % 400 == 0
    days = 29 if mo == 2 and leap else (DAYS_IN_MONTH[mo - 1] if 1 <= mo <= 12 else 0)
    if not (1 <= mo <= 12) or d < 1 or d > days or h > 23 or mi > 59 or s > 59:
        return '%s: "%s" is not a valid date and time' % (column, text)
    ms = calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0)) * 1000 + int(((m.group(7) or "") + "000")[:3])
    return window_problem(field, ms)


def window_problem(field, ms):
    """The stream's reason for a valid datetime (epoch ms) outside WINDOW, or None inside it."""
    if WINDOW_MIN_MS <= ms <= NOW_MS + WINDOW["maxFutureSkewMinutes"] * 60000:
        return None
    if ms < WINDOW_MIN_MS:
        side = "before the first accepted day %s" % WINDOW["notBefore"]
    else:
        side = "more than %d minutes in the future" % WINDOW["maxFutureSkewMinutes"]
    t = datetime.datetime(1970, 1, 1) + datetime.timedelta(milliseconds=ms)
    shown = "%04d-%02d-%02d %02d:%02d:%02d.%03d" % (t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond // 1000)
    return "%s: %s is outside the accepted window (%s)" % (field, shown, side)


def decimal_problem(check, v):
    text = number_text(v) if isinstance(v, (int, float)) else str(v).strip()
    m = DECIMAL.match(text)
    column, p, s = check["column"], check["precision"], check["scale"]
    if not m:
        return "%s: cannot cast %s to decimal(%d, %d)" % (column, json.dumps(v), p, s)
    frac = (m.group(3) or "").ljust(s, "0")
    if len(frac) > s and frac[s:].strip("0"):
        return "%s: %s has more than %d decimal places" % (column, text, s)
    digits = (m.group(2).lstrip("0") + frac[:s]).lstrip("0")
    if len(digits) > p:
        return "%s: %s does not fit decimal(%d, %d)" % (column, text, p, s)
    return None


def number_text(v):
    """Numbers as JavaScript prints them, so reasons read the same as the Lambda's."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e21:
        return str(int(v))
    return str(v)


def json_kind(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def check_type(v, t, path, issues):
    """Validates like the Lambda's zod schema (same messages); returns the value as Spark should read it."""
    kind = t["kind"]
    where = ".".join(str(p) for p in path) if path else "(record)"
    got = "undefined" if v is MISSING else json_kind(v)
    expected = {"string": "string", "int": "number", "number": "number", "boolean": "boolean", "array": "array", "object": "object"}.get(kind)
    if kind == "decimal":
        if got == "number" or (got == "string" and re.match(r"^-?\d+(\.\d+)?$", v)):
            return v
        issues.append("%s: Invalid input" % where)
        return None
    if got != expected:
        issues.append("%s: Invalid input: expected %s, received %s" % (where, expected, got))
        return None
    if kind == "string":
        if t["nonEmpty"] and len(v) < 1:
            issues.append("%s: must not be empty" % where)
        return v
    if kind == "int":
        if isinstance(v, float) and (math.isinf(v) or not v.is_integer()):
            issues.append("%s: Invalid input: expected int, received number" % where)
            return None
        if v > t["max"]:
            issues.append("%s: Too big: expected number to be <=%s" % (where, number_text(t["max"])))
        elif v < t["min"]:
            issues.append("%s: Too small: expected number to be >=%s" % (where, number_text(t["min"])))
        return int(v)
    if kind == "array":
        if t["nonEmpty"] and len(v) < 1:
            issues.append("%s: %s must have at least one element" % (where, path[-1]))
        return [check_type(e, t["element"], path + [i], issues) for i, e in enumerate(v)]
    if kind == "object":
        # Unknown fields are dropped, as the Lambda ignores them.
        return {f["name"]: check_type(v.get(f["name"], MISSING), f["type"], path + [f["name"]], issues) for f in t["fields"]}
    return v


class _Missing:
    pass


MISSING = _Missing()


if __name__ == "__main__":
    main()
