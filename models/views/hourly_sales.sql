{{config materialized="view" description="Revenue per store and hour."}}
SELECT
  t.store_id,
  date_trunc('hour', t.transaction_datetime) AS hour,
  t.dt,
  count(DISTINCT t.transaction_id) AS transactions,
  sum(i.quantity * k.price) AS revenue
FROM {{ref "transactions"}} AS t
JOIN {{ref "transaction_items"}} AS i ON i.transaction_id = t.transaction_id AND i.dt = t.dt
JOIN {{ref "skus"}} AS k ON k.sku_id = i.sku_id
GROUP BY t.store_id, date_trunc('hour', t.transaction_datetime), t.dt
