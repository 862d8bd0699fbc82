-- Generated from models/views/transaction_totals.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW "supermarket"."transaction_totals" COMMENT 'model.sql_sha256=5f6d61b12398d388386dc472048863d06cf73c4b659843b7fc3ba6de5993ae2e' AS
SELECT
  i.transaction_id,
  i.store_id,
  i.transaction_datetime,
  i.dt,
  sum(i.quantity) AS item_count,
  sum(i.quantity * k.price) AS total_amount
FROM
  "supermarket"."transaction_items" AS i
  JOIN "supermarket"."skus" AS k ON k.sku_id = i.sku_id
GROUP BY
  i.transaction_id,
  i.store_id,
  i.transaction_datetime,
  i.dt;
