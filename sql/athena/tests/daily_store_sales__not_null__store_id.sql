-- Generated from models/marts/daily_store_sales.sql by `npm run build:models`. Do not edit.
SELECT
  count(*) AS failures
FROM
  "supermarket"."daily_store_sales"
WHERE
  store_id IS NULL;
