-- Generated from models/tables/skus.sql by `npm run build:models`. Do not edit.
SELECT
  count(*) AS failures
FROM
  (
    SELECT
      sku_id
    FROM
      skus
    WHERE
      sku_id IS NOT NULL
    GROUP BY
      sku_id
    HAVING
      count(*) > 1
  ) AS duplicates;
