{{config materialized="table" description="One row per store."}}
{{test "unique" "store_id"}}
{{test "not_null" "store_id"}}
{{test "not_null" "store_name"}}
SELECT
  CAST(s.store_id AS varchar) AS store_id,
  CAST(s.store_name AS varchar) AS store_name,
  CAST(s.store_location AS varchar) AS store_location
FROM {{source "pos" "stores"}} AS s
