-- Generated from models/tables/transactions.sql by `npm run build:models`. Do not edit.
-- Writes the dt partitions BETWEEN the two parameters (yyyy-MM-dd, inclusive). An INSERT
-- writes at most 100 partitions, so run it once per window of at most 100 days, e.g.:
--   PREPARE backfill_transactions FROM <this statement>;
--   EXECUTE backfill_transactions USING '2024-01-01', '2024-04-09';
--   EXECUTE backfill_transactions USING '2024-04-10', '2024-07-18'; …
-- (src/compiler/refresh-windows.ts splits a range the same way for the mart refresh.)
INSERT INTO
  "supermarket"."transactions__files"
SELECT
  *
FROM
  (
    SELECT
      CAST(t.transaction_id AS varchar) AS transaction_id,
      CAST(t.store_id AS varchar) AS store_id,
      CAST(t.transaction_datetime AS timestamp) AS transaction_datetime,
      CAST(
        CAST(CAST(t.transaction_datetime AS timestamp) AS date) AS varchar
      ) AS dt
    FROM
      "supermarket"."pos_transactions" AS t
  ) AS transformed
WHERE
  dt BETWEEN ? AND ?;
