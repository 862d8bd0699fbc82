{{config materialized="view" description="Revenue per store and hour."}}
SELECT
  i.store_id,
  date_trunc('hour', i.transaction_datetime) AS hour,
  i.dt,
  count(DISTINCT i.transaction_id) AS transactions,
  sum(i.quantity * k.price) AS revenue
FROM {{ref "transaction_items"}} AS i
JOIN {{ref "skus"}} AS k ON k.sku_id = i.sku_id
GROUP BY i.store_id, date_trunc('hour', i.transaction_datetime), i.dt
