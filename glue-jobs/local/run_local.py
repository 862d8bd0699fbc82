"""Runs the rendered Glue job on local PySpark, once per argument list, in one Spark session.

Usage: python run_local.py SCRIPT RUNS_JSON  (RUNS_JSON: a list of argument lists, e.g.
[["--JOB_NAME", "local", "--RAW_PATH", "file:///lake/raw/", ...]]). Spark starts once, however
many runs: its JVM start costs seconds, the runs themselves less on small lakes.
"""
import json
import os
import runpy
import sys
import time

from pyspark import SparkConf
from pyspark.context import SparkContext


def main():
    script, runs = sys.argv[1], json.loads(sys.argv[2])
    started = time.time()
    conf = (
        SparkConf()
        .setMaster(os.environ.get("SPARK_MASTER", "local[2]"))
        .setAppName("lakehouse-backfill")
        # Sized for a 2-core laptop or CI machine shared with other work.
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.sql.shuffle.partitions", "4")
        .set("spark.default.parallelism", "2")
        .set("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", "1536m"))
        .set("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2")
        # No _SUCCESS markers or .crc checksum files in the lake folder: it is laid out like the bucket.
        .set("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
        .set("spark.hadoop.fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem")
    )
    sc = SparkContext.getOrCreate(conf)
    sc.setLogLevel("WARN")
    print("[backfill] Spark %s started in %.1f s" % (sc.version, time.time() - started), flush=True)
    try:
        for i, args in enumerate(runs):
            run_started = time.time()
            sys.argv = [script] + list(args)
            runpy.run_path(script, run_name="__main__")
            print("[backfill] run %d of %d done in %.1f s" % (i + 1, len(runs), time.time() - run_started), flush=True)
    finally:
        sc.stop()


if __name__ == "__main__":
    main()
