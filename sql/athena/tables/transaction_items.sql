-- Generated from models/tables/transaction_items.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW "supermarket"."transaction_items" COMMENT 'model.sql_sha256=6bf3a5cb034fa2e96f7a4d4d9ffd52a084c6b8cebaf35173c1a6f6a3c03fb9fc' AS
SELECT
  f.transaction_id,
  f.sku_id,
  f.quantity,
  f.store_id,
  f.transaction_datetime,
  f.dt
FROM
  "supermarket"."transaction_items__files" AS f
WHERE
  NOT EXISTS (
    SELECT
      1
    FROM
      "supermarket"."transaction_items__hidden" AS h
    WHERE
      h.dt = f.dt
      AND h.file = regexp_replace(f."$path", '^[a-z0-9]+://[^/]*/', '')
  );
