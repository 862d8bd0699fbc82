-- Generated from models/tables/transactions.sql by `npm run build:models`. Do not edit.
INSERT INTO
  "supermarket"."transactions__files"
SELECT
  CAST(t.transaction_id AS varchar) AS transaction_id,
  CAST(t.store_id AS varchar) AS store_id,
  CAST(t.transaction_datetime AS timestamp) AS transaction_datetime,
  CAST(
    CAST(CAST(t.transaction_datetime AS timestamp) AS date) AS varchar
  ) AS dt
FROM
  "supermarket"."pos_transactions" AS t;
