-- Generated from models/views/store_freshness.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW "supermarket"."store_freshness" COMMENT 'model.sql_sha256=4b99af5204ea4b39811ecbc5776429025dd99e7ba3c8da6b7783cb5c492536c8' AS
SELECT
  t.store_id,
  t.dt,
  max(t.transaction_datetime) AS newest_transaction,
  count(*) AS transactions
FROM
  "supermarket"."transactions" AS t
GROUP BY
  t.store_id,
  t.dt;
