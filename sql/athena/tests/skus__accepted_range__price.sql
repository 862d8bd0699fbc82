-- Generated from models/tables/skus.sql by `npm run build:models`. Do not edit.
SELECT
  count(*) AS failures
FROM
  "supermarket"."skus"
WHERE
  price < 0;
