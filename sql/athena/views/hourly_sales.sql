-- Generated from models/views/hourly_sales.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW "supermarket"."hourly_sales" AS
SELECT
  t.store_id,
  date_trunc('hour', t.transaction_datetime) AS hour,
  t.dt,
  count(DISTINCT t.transaction_id) AS transactions,
  sum(i.quantity * k.price) AS revenue
FROM
  "supermarket"."transactions" AS t
  JOIN "supermarket"."transaction_items" AS i ON i.transaction_id = t.transaction_id
  AND i.dt = t.dt
  JOIN "supermarket"."skus" AS k ON k.sku_id = i.sku_id
GROUP BY
  t.store_id,
  date_trunc('hour', t.transaction_datetime),
  t.dt;
