{{config materialized="ctas" partitioned_by="dt" incremental_key="dt" description="Daily sales per store, materialized for cheap dashboards; refreshed incrementally by day."}}
{{test "not_null" "store_id"}}
SELECT
  store_id,
  store_name,
  sum(transactions) AS transactions,
  sum(items) AS items,
  sum(revenue) AS revenue,
  dt
FROM {{ref "sales_by_store"}}
GROUP BY store_id, store_name, dt
