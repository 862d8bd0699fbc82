-- Generated from models/tables/transactions.sql by `npm run build:models`. Do not edit.
SELECT
  CAST(t.transaction_id AS string) AS transaction_id,
  CAST(t.store_id AS string) AS store_id,
  CAST(t.transaction_datetime AS timestamp) AS transaction_datetime,
  CAST(
    CAST(CAST(t.transaction_datetime AS timestamp) AS date) AS string
  ) AS dt
FROM
  pos_transactions AS t;
