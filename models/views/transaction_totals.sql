{{config materialized="view" description="One row per transaction: how many items and the total amount paid."}}
SELECT
  t.transaction_id,
  t.store_id,
  t.transaction_datetime,
  t.dt,
  sum(i.quantity) AS item_count,
  sum(i.quantity * k.price) AS total_amount
FROM {{ref "transactions"}} AS t
JOIN {{ref "transaction_items"}} AS i ON i.transaction_id = t.transaction_id AND i.dt = t.dt
JOIN {{ref "skus"}} AS k ON k.sku_id = i.sku_id
GROUP BY t.transaction_id, t.store_id, t.transaction_datetime, t.dt
