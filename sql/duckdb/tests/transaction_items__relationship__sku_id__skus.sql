-- Generated from models/tables/transaction_items.sql by `npm run build:models`. Do not edit.
SELECT
  count(*) AS failures
FROM
  transaction_items AS child
  LEFT JOIN skus AS parent ON child.sku_id = parent.sku_id
WHERE
  child.sku_id IS NOT NULL
  AND parent.sku_id IS NULL;
