-- Generated from models/views/top_skus.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW "supermarket"."top_skus" COMMENT 'model.sql_sha256=5b9135c4d2edb53b762df6a29557019f29b0d120a7c7635a5413f82ba0f3b8f3' AS
SELECT
  i.sku_id,
  k.product_name,
  i.store_id,
  i.dt,
  sum(i.quantity) AS units,
  sum(i.quantity * k.price) AS revenue
FROM
  "supermarket"."transaction_items" AS i
  JOIN "supermarket"."skus" AS k ON k.sku_id = i.sku_id
GROUP BY
  i.sku_id,
  k.product_name,
  i.store_id,
  i.dt;
