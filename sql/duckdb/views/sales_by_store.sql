-- Generated from models/views/sales_by_store.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW sales_by_store AS
SELECT
  t.store_id,
  s.store_name,
  t.dt,
  count(DISTINCT t.transaction_id) AS transactions,
  sum(i.quantity) AS items,
  sum(i.quantity * k.price) AS revenue
FROM
  transactions AS t
  JOIN transaction_items AS i ON i.transaction_id = t.transaction_id
  AND i.dt = t.dt
  JOIN skus AS k ON k.sku_id = i.sku_id
  LEFT JOIN supermarkets AS s ON s.store_id = t.store_id
GROUP BY
  t.store_id,
  s.store_name,
  t.dt;
