-- Generated from models/tables/transactions.sql by `npm run build:models`. Do not edit.
SELECT
  CAST(t.transaction_id AS VARCHAR) AS transaction_id,
  CAST(t.store_id AS VARCHAR) AS store_id,
  CAST(t.transaction_datetime AS TIMESTAMP_MS) AS transaction_datetime,
  CAST(
    CAST(CAST(t.transaction_datetime AS TIMESTAMP) AS DATE) AS VARCHAR
  ) AS dt
FROM
  pos_transactions AS t;
