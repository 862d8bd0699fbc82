-- Generated from models/tables/transaction_items.sql by `npm run build:models`. Do not edit.
SELECT
  CAST(t.transaction_id AS VARCHAR) AS transaction_id,
  CAST(i.item.sku_id AS VARCHAR) AS sku_id,
  CAST(i.item.quantity AS INTEGER) AS quantity,
  CAST(t.store_id AS VARCHAR) AS store_id,
  CAST(t.transaction_datetime AS TIMESTAMP_MS) AS transaction_datetime,
  CAST(
    CAST(CAST(t.transaction_datetime AS TIMESTAMP) AS DATE) AS VARCHAR
  ) AS dt
FROM
  pos_transactions AS t
  CROSS JOIN LATERAL (
    SELECT
      unnest(t.items) AS item
  ) AS i;
