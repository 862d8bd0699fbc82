-- Generated from models/views/store_freshness.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW store_freshness AS
SELECT
  t.store_id,
  t.dt,
  max(t.transaction_datetime) AS newest_transaction,
  count(*) AS transactions
FROM
  transactions AS t
GROUP BY
  t.store_id,
  t.dt;
