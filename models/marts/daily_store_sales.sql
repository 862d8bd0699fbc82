{{config materialized="mart" tags="finance,daily" partitioned_by="dt" incremental_key="dt" description="Daily sales per store, materialized for cheap dashboards; refreshed incrementally by day."}}
{{test "not_null" "store_id"}}
SELECT
  store_id,
  store_name,
  CAST(sum(transactions) AS bigint) AS transactions,
  CAST(sum(items) AS bigint) AS items,
  CAST(sum(revenue) AS decimal(18, 2)) AS revenue,
  dt
FROM {{ref "sales_by_store"}}
GROUP BY store_id, store_name, dt
