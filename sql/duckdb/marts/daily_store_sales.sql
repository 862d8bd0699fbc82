-- Generated from models/marts/daily_store_sales.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW daily_store_sales AS
SELECT
  *
FROM
  read_parquet(
    getvariable ('lake_dir') || '/tables/daily_store_sales/*/*.parquet',
    hive_partitioning = TRUE,
    hive_types = {'dt': VARCHAR},
    union_by_name = TRUE
  );
