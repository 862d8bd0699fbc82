-- Generated from models/marts/daily_store_sales.sql by `npm run build:models`. Do not edit.
CREATE TABLE "supermarket"."daily_store_sales"
WITH
  (
    format = 'PARQUET',
    write_compression = 'SNAPPY',
    external_location = 's3://supermarket-lake/tables/daily_store_sales/',
    partitioned_by = ARRAY['dt']
  ) AS
SELECT
  store_id,
  store_name,
  CAST(sum(transactions) AS bigint) AS transactions,
  CAST(sum(items) AS bigint) AS items,
  CAST(sum(revenue) AS decimal(18, 2)) AS revenue,
  dt
FROM
  "supermarket"."sales_by_store"
GROUP BY
  store_id,
  store_name,
  dt
WITH
  NO DATA;
