{{config materialized="table" description="One row per stock-keeping unit, with its shelf price."}}
{{test "unique" "sku_id"}}
{{test "not_null" "sku_id"}}
{{test "accepted_range" "price" min=0}}
SELECT
  CAST(p.sku_id AS varchar) AS sku_id,
  CAST(p.product_name AS varchar) AS product_name,
  CAST(p.price AS decimal(10, 2)) AS price
FROM {{source "pos" "skus"}} AS p
