{{config materialized="table" partitioned_by="dt" description="One row per line of a transaction's basket, partitioned like transactions; store_id and transaction_datetime are repeated from the transaction so that item-level panels need no join."}}
{{test "not_null" "transaction_id"}}
{{test "relationship" "transaction_id" to="transactions.transaction_id"}}
{{test "relationship" "sku_id" to="skus.sku_id"}}
{{test "accepted_range" "quantity" min=1}}
SELECT
  CAST(t.transaction_id AS varchar) AS transaction_id,
  CAST(i.sku_id AS varchar) AS sku_id,
  CAST(i.quantity AS integer) AS quantity,
  CAST(t.store_id AS varchar) AS store_id,
  CAST(t.transaction_datetime AS timestamp) AS transaction_datetime,
  CAST(CAST(CAST(t.transaction_datetime AS timestamp) AS date) AS varchar) AS dt
FROM {{source "pos" "transactions"}} AS t
CROSS JOIN UNNEST(t.items) AS i (sku_id, quantity)
