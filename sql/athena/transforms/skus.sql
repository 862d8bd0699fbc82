-- Generated from models/tables/skus.sql by `npm run build:models`. Do not edit.
INSERT INTO
  "supermarket"."skus"
SELECT
  CAST(p.sku_id AS varchar) AS sku_id,
  CAST(p.product_name AS varchar) AS product_name,
  CAST(p.price AS decimal(10, 2)) AS price
FROM
  "supermarket"."pos_skus" AS p;
