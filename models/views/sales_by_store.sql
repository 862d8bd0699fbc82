{{config materialized="view" tags="finance" description="Sales per store and day: transactions, items sold and revenue."}}
SELECT
  i.store_id,
  s.store_name,
  i.dt,
  count(DISTINCT i.transaction_id) AS transactions,
  sum(i.quantity) AS items,
  sum(i.quantity * k.price) AS revenue
FROM {{ref "transaction_items"}} AS i
JOIN {{ref "skus"}} AS k ON k.sku_id = i.sku_id
LEFT JOIN {{ref "supermarkets"}} AS s ON s.store_id = i.store_id
GROUP BY i.store_id, s.store_name, i.dt
