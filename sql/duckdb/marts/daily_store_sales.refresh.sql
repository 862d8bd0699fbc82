-- Generated from models/marts/daily_store_sales.sql by `npm run build:models`. Do not edit.
SELECT
  *
FROM
  (
    SELECT
      store_id,
      store_name,
      CAST(sum(transactions) AS bigint) AS transactions,
      CAST(sum(items) AS bigint) AS items,
      CAST(sum(revenue) AS decimal(18, 2)) AS revenue,
      dt
    FROM
      sales_by_store
    GROUP BY
      store_id,
      store_name,
      dt
  ) AS refreshed
WHERE
  dt BETWEEN $1 AND $2;
