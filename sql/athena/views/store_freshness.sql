-- Generated from models/views/store_freshness.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW "supermarket"."store_freshness" AS
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
