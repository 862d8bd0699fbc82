-- Generated from models/tables/transaction_items.sql by `npm run build:models`. Do not edit.
SELECT
  count(*) AS failures
FROM
  "supermarket"."transaction_items"
WHERE
  transaction_id IS NULL;
