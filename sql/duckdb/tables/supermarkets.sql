-- Generated from models/tables/supermarkets.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW supermarkets AS
SELECT
  CAST(store_id AS VARCHAR) AS store_id,
  CAST(store_name AS VARCHAR) AS store_name,
  CAST(store_location AS VARCHAR) AS store_location
FROM
  (
    SELECT
      CAST(NULL AS VARCHAR) AS store_id,
      CAST(NULL AS VARCHAR) AS store_name,
      CAST(NULL AS VARCHAR) AS store_location
    WHERE
      FALSE
    UNION ALL
    BY NAME
    SELECT
      *
    FROM
      read_parquet(
        getvariable ('lake_dir') || '/tables/supermarkets/*.parquet',
        hive_partitioning = FALSE,
        union_by_name = TRUE
      )
  ) AS files;
