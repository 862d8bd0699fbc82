-- Generated from models/tables/transactions.sql by `npm run build:models`. Do not edit.
SELECT
  count(*) AS failures
FROM
  (
    SELECT
      transaction_id
    FROM
      "supermarket"."transactions"
    WHERE
      transaction_id IS NOT NULL
    GROUP BY
      transaction_id
    HAVING
      count(*) > 1
  ) AS duplicates;
