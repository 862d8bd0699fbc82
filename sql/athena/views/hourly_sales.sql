-- Generated from models/views/hourly_sales.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW "supermarket"."hourly_sales" AS
SELECT
  i.store_id,
  date_trunc('hour', i.transaction_datetime) AS hour,
  i.dt,
  count(DISTINCT i.transaction_id) AS transactions,
  sum(i.quantity * k.price) AS revenue
FROM
  "supermarket"."transaction_items" AS i
  JOIN "supermarket"."skus" AS k ON k.sku_id = i.sku_id
GROUP BY
  i.store_id,
  date_trunc('hour', i.transaction_datetime),
  i.dt;
