-- Generated from models/tables/skus.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW skus AS
SELECT
  CAST(sku_id AS VARCHAR) AS sku_id,
  CAST(product_name AS VARCHAR) AS product_name,
  CAST(price AS DECIMAL(10, 2)) AS price
FROM
  (
    SELECT
      CAST(NULL AS VARCHAR) AS sku_id,
      CAST(NULL AS VARCHAR) AS product_name,
      CAST(NULL AS DECIMAL(10, 2)) AS price
    WHERE
      FALSE
    UNION ALL
    BY NAME
    SELECT
      *
    FROM
      read_parquet(
        getvariable ('lake_dir') || '/tables/skus/*.parquet',
        hive_partitioning = FALSE,
        union_by_name = TRUE
      )
  ) AS files;
