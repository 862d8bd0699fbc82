-- Generated from models/tables/transactions.sql by `npm run build:models`. Do not edit.
SELECT
  count(*) AS failures
FROM
  transactions AS child
  LEFT JOIN supermarkets AS parent ON child.store_id = parent.store_id
WHERE
  child.store_id IS NOT NULL
  AND parent.store_id IS NULL;
