{{config materialized="view" description="Per store and day: the newest transaction seen, for the dashboard's freshness panel."}}
SELECT
  t.store_id,
  t.dt,
  max(t.transaction_datetime) AS newest_transaction,
  count(*) AS transactions
FROM {{ref "transactions"}} AS t
GROUP BY t.store_id, t.dt
