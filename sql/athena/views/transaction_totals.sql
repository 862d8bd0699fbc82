-- Generated from models/views/transaction_totals.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW "supermarket"."transaction_totals" AS
SELECT
  t.transaction_id,
  t.store_id,
  t.transaction_datetime,
  t.dt,
  sum(i.quantity) AS item_count,
  sum(i.quantity * k.price) AS total_amount
FROM
  "supermarket"."transactions" AS t
  JOIN "supermarket"."transaction_items" AS i ON i.transaction_id = t.transaction_id
  AND i.dt = t.dt
  JOIN "supermarket"."skus" AS k ON k.sku_id = i.sku_id
GROUP BY
  t.transaction_id,
  t.store_id,
  t.transaction_datetime,
  t.dt;
