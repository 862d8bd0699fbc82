-- Generated from models/tables/transactions.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW "supermarket"."transactions" COMMENT 'model.sql_sha256=7ccee7a8dc446851a9be28b45a5b5f9b0c0bc7234c04eccb278235cb8db7e638' AS
SELECT
  f.transaction_id,
  f.store_id,
  f.transaction_datetime,
  f.dt
FROM
  "supermarket"."transactions__files" AS f
WHERE
  NOT EXISTS (
    SELECT
      1
    FROM
      "supermarket"."transactions__hidden" AS h
    WHERE
      h.dt = f.dt
      AND h.file = regexp_replace(f."$path", '^[a-z0-9]+://[^/]*/', '')
  );
