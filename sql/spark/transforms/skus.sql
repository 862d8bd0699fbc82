-- Generated from models/tables/skus.sql by `npm run build:models`. Do not edit.
SELECT
  CAST(p.sku_id AS string) AS sku_id,
  CAST(p.product_name AS string) AS product_name,
  CAST(p.price AS decimal(10, 2)) AS price
FROM
  pos_skus AS p;
