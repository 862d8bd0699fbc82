-- Generated from models/views/transaction_totals.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW transaction_totals AS
SELECT
  i.transaction_id,
  i.store_id,
  i.transaction_datetime,
  i.dt,
  sum(i.quantity) AS item_count,
  sum(i.quantity * k.price) AS total_amount
FROM
  transaction_items AS i
  JOIN skus AS k ON k.sku_id = i.sku_id
GROUP BY
  i.transaction_id,
  i.store_id,
  i.transaction_datetime,
  i.dt;
