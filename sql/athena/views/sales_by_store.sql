-- Generated from models/views/sales_by_store.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW "supermarket"."sales_by_store" COMMENT 'model.sql_sha256=f3c0af8af85baca9ae6b9fe359b1c1c5dbea0cc636e246f519ef5dbe9de24c7c' AS
SELECT
  i.store_id,
  s.store_name,
  i.dt,
  count(DISTINCT i.transaction_id) AS transactions,
  sum(i.quantity) AS items,
  sum(i.quantity * k.price) AS revenue
FROM
  "supermarket"."transaction_items" AS i
  JOIN "supermarket"."skus" AS k ON k.sku_id = i.sku_id
  LEFT JOIN "supermarket"."supermarkets" AS s ON s.store_id = i.store_id
GROUP BY
  i.store_id,
  s.store_name,
  i.dt;
