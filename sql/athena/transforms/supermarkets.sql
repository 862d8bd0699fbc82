-- Generated from models/tables/supermarkets.sql by `npm run build:models`. Do not edit.
INSERT INTO
  "supermarket"."supermarkets"
SELECT
  CAST(s.store_id AS varchar) AS store_id,
  CAST(s.store_name AS varchar) AS store_name,
  CAST(s.store_location AS varchar) AS store_location
FROM
  "supermarket"."pos_stores" AS s;
