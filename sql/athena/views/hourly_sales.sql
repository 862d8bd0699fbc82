-- Generated from models/views/hourly_sales.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW "supermarket"."hourly_sales" COMMENT 'model.sql_sha256=2b0acf6756cc0e544bb27136039fdfa1215b1d301997da3b4e39d619fc037dc0' AS
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
