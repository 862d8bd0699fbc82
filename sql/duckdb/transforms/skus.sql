-- Generated from models/tables/skus.sql by `npm run build:models`. Do not edit.
SELECT
  CAST(p.sku_id AS VARCHAR) AS sku_id,
  CAST(p.product_name AS VARCHAR) AS product_name,
  CAST(p.price AS DECIMAL(10, 2)) AS price
FROM
  pos_skus AS p;
