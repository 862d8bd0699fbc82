-- Generated from models/tables/transaction_items.sql by `npm run build:models`. Do not edit.
INSERT INTO
  "supermarket"."transaction_items__files"
SELECT
  CAST(t.transaction_id AS varchar) AS transaction_id,
  CAST(i.sku_id AS varchar) AS sku_id,
  CAST(i.quantity AS integer) AS quantity,
  CAST(t.store_id AS varchar) AS store_id,
  CAST(t.transaction_datetime AS timestamp) AS transaction_datetime,
  CAST(
    CAST(CAST(t.transaction_datetime AS timestamp) AS date) AS varchar
  ) AS dt
FROM
  "supermarket"."pos_transactions" AS t
  CROSS JOIN UNNEST (t.items) AS i (sku_id, quantity);
