from pyspark.sql import SparkSession


class GlueContext:
    """Wraps a SparkContext like Glue's GlueContext; only `spark_session` is used by the job."""

    def __init__(self, spark_context):
        self._sc = spark_context
        self.spark_session = SparkSession(spark_context)

    def get_logger(self):
        return self._sc._jvm.org.apache.log4j.LogManager.getLogger("GlueLogger")
