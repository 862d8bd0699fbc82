-- Generated from models/tables/supermarkets.sql by `npm run build:models`. Do not edit.
CREATE EXTERNAL TABLE `supermarket`.`supermarkets` (
  `store_id` string,
  `store_name` string,
  `store_location` string
)
COMMENT 'One row per store.'
STORED AS PARQUET
LOCATION 's3://supermarket-lake/tables/supermarkets/'
TBLPROPERTIES (
  'parquet.compression' = 'SNAPPY'
);
