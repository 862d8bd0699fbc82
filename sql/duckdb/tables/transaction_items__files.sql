-- Generated from models/tables/transaction_items.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW transaction_items__files AS
SELECT
  CAST(transaction_id AS VARCHAR) AS transaction_id,
  CAST(sku_id AS VARCHAR) AS sku_id,
  CAST(quantity AS INTEGER) AS quantity,
  CAST(store_id AS VARCHAR) AS store_id,
  CAST(transaction_datetime AS TIMESTAMP) AS transaction_datetime,
  CAST(dt AS VARCHAR) AS dt,
  substr(filename, length(getvariable ('lake_dir')) + 2) AS file
FROM
  (
    SELECT
      CAST(NULL AS VARCHAR) AS transaction_id,
      CAST(NULL AS VARCHAR) AS sku_id,
      CAST(NULL AS INTEGER) AS quantity,
      CAST(NULL AS VARCHAR) AS store_id,
      CAST(NULL AS TIMESTAMP) AS transaction_datetime,
      CAST(NULL AS VARCHAR) AS dt,
      CAST(NULL AS VARCHAR) AS filename
    WHERE
      FALSE
    UNION ALL
    BY NAME
    SELECT
      *
    FROM
      read_parquet(
        getvariable ('lake_dir') || '/tables/transaction_items/*/*.parquet',
        hive_partitioning = TRUE,
        hive_types = {'dt': VARCHAR},
        union_by_name = TRUE,
        filename = TRUE
      )
  ) AS files;
