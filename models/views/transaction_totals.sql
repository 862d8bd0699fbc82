{{config materialized="view" description="One row per transaction: how many items and the total amount paid."}}
SELECT
  i.transaction_id,
  i.store_id,
  i.transaction_datetime,
  i.dt,
  sum(i.quantity) AS item_count,
  sum(i.quantity * k.price) AS total_amount
FROM {{ref "transaction_items"}} AS i
JOIN {{ref "skus"}} AS k ON k.sku_id = i.sku_id
GROUP BY i.transaction_id, i.store_id, i.transaction_datetime, i.dt
