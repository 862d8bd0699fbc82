-- Generated from models/tables/transaction_items.sql by `npm run build:models`. Do not edit.
SELECT
  count(*) AS failures
FROM
  transaction_items AS child
  LEFT JOIN transactions AS parent ON child.transaction_id = parent.transaction_id
WHERE
  child.transaction_id IS NOT NULL
  AND parent.transaction_id IS NULL;
