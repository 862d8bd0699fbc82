-- Generated from models/marts/daily_store_sales.sql by `npm run build:models`. Do not edit.
CREATE EXTERNAL TABLE `supermarket`.`daily_store_sales` (
  -- the columns of the mart's query, as the engine describes them when migrate creates it
)
COMMENT 'Daily sales per store, materialized for cheap dashboards; refreshed incrementally by day.'
PARTITIONED BY (`dt` string)
STORED AS PARQUET
LOCATION 's3://supermarket-lake/tables/daily_store_sales/'
TBLPROPERTIES (
  'parquet.compression' = 'SNAPPY',
  'model.sql_sha256' = '8419e56ffc38b60b9ac891d2e576f5a2454713cfef540db20de03e73580db3d9'
);
