{{config materialized="table" partitioned_by="dt" loaded_at_field="transaction_datetime" freshness_by="store_id" warn_after="30 minutes" error_after="2 hours" description="One row per POS transaction, partitioned by the day of its datetime."}}
{{test "unique" "transaction_id"}}
{{test "not_null" "transaction_id"}}
{{test "not_null" "transaction_datetime"}}
{{test "relationship" "store_id" to="supermarkets.store_id"}}
SELECT
  CAST(t.transaction_id AS varchar) AS transaction_id,
  CAST(t.store_id AS varchar) AS store_id,
  CAST(t.transaction_datetime AS timestamp) AS transaction_datetime,
  CAST(CAST(CAST(t.transaction_datetime AS timestamp) AS date) AS varchar) AS dt
FROM {{source "pos" "transactions"}} AS t
