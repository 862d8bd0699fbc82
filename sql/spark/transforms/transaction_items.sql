-- Generated from models/tables/transaction_items.sql by `npm run build:models`. Do not edit.
SELECT
  CAST(t.transaction_id AS string) AS transaction_id,
  CAST(i.item.sku_id AS string) AS sku_id,
  CAST(i.item.quantity AS int) AS quantity,
  CAST(t.store_id AS string) AS store_id,
  CAST(t.transaction_datetime AS timestamp) AS transaction_datetime,
  CAST(
    CAST(CAST(t.transaction_datetime AS timestamp) AS date) AS string
  ) AS dt
FROM
  pos_transactions AS t
LATERAL VIEW EXPLODE (t.items) i AS item;
