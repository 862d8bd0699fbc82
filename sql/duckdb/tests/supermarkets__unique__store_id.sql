-- Generated from models/tables/supermarkets.sql by `npm run build:models`. Do not edit.
SELECT
  count(*) AS failures
FROM
  (
    SELECT
      store_id
    FROM
      supermarkets
    WHERE
      store_id IS NOT NULL
    GROUP BY
      store_id
    HAVING
      count(*) > 1
  ) AS duplicates;
