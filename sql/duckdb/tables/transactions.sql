-- Generated from models/tables/transactions.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW transactions AS
SELECT
  f.transaction_id,
  f.store_id,
  f.transaction_datetime,
  f.dt
FROM
  transactions__files AS f
WHERE
  NOT EXISTS (
    SELECT
      1
    FROM
      transactions__hidden AS h
    WHERE
      h.dt = f.dt
      AND h.file = f.file
  );
