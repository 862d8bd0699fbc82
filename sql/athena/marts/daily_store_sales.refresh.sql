-- Generated from models/marts/daily_store_sales.sql by `npm run build:models`. Do not edit.
INSERT INTO
  "supermarket"."daily_store_sales"
SELECT
  *
FROM
  (
    SELECT
      store_id,
      store_name,
      sum(transactions) AS transactions,
      sum(items) AS items,
      sum(revenue) AS revenue,
      dt
    FROM
      "supermarket"."sales_by_store"
    GROUP BY
      store_id,
      store_name,
      dt
  ) AS refreshed
WHERE
  dt BETWEEN ? AND ?;
