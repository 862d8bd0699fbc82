-- Generated from models/tables/transaction_items.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW transaction_items AS
SELECT
  f.transaction_id,
  f.sku_id,
  f.quantity,
  f.store_id,
  f.transaction_datetime,
  f.dt
FROM
  transaction_items__files AS f
WHERE
  NOT EXISTS (
    SELECT
      1
    FROM
      transaction_items__hidden AS h
    WHERE
      h.dt = f.dt
      AND h.file = f.file
  );
