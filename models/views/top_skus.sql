{{config materialized="view" description="Units and revenue per SKU and day; sum over a date range and order by revenue for the top sellers."}}
SELECT
  i.sku_id,
  k.product_name,
  i.store_id,
  i.dt,
  sum(i.quantity) AS units,
  sum(i.quantity * k.price) AS revenue
FROM {{ref "transaction_items"}} AS i
JOIN {{ref "skus"}} AS k ON k.sku_id = i.sku_id
GROUP BY i.sku_id, k.product_name, i.store_id, i.dt
