-- Generated from models/tables/skus.sql by `npm run build:models`. Do not edit.
CREATE EXTERNAL TABLE `supermarket`.`skus` (
  `sku_id` string,
  `product_name` string,
  `price` decimal(10,2)
)
COMMENT 'One row per stock-keeping unit, with its shelf price.'
STORED AS PARQUET
LOCATION 's3://supermarket-lake/tables/skus/'
TBLPROPERTIES (
  'parquet.compression' = 'SNAPPY'
);
