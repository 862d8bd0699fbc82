{{config materialized="view" description="Sales per store and day: transactions, items sold and revenue."}}
SELECT
  t.store_id,
  s.store_name,
  t.dt,
  count(DISTINCT t.transaction_id) AS transactions,
  sum(i.quantity) AS items,
  sum(i.quantity * k.price) AS revenue
FROM {{ref "transactions"}} AS t
JOIN {{ref "transaction_items"}} AS i ON i.transaction_id = t.transaction_id AND i.dt = t.dt
JOIN {{ref "skus"}} AS k ON k.sku_id = i.sku_id
LEFT JOIN {{ref "supermarkets"}} AS s ON s.store_id = t.store_id
GROUP BY t.store_id, s.store_name, t.dt
