-- Generated from models/tables/transactions.sql by `npm run build:models`. Do not edit.
SELECT
  count(*) AS failures
FROM
  transactions
WHERE
  transaction_id IS NULL;
