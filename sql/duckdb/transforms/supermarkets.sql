-- Generated from models/tables/supermarkets.sql by `npm run build:models`. Do not edit.
SELECT
  CAST(s.store_id AS VARCHAR) AS store_id,
  CAST(s.store_name AS VARCHAR) AS store_name,
  CAST(s.store_location AS VARCHAR) AS store_location
FROM
  pos_stores AS s;
