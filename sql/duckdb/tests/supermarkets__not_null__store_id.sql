-- Generated from models/tables/supermarkets.sql by `npm run build:models`. Do not edit.
SELECT
  count(*) AS failures
FROM
  supermarkets
WHERE
  store_id IS NULL;
