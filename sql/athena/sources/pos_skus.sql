-- Generated from models/sources/pos_skus.sql by `npm run build:models`. Do not edit.
CREATE EXTERNAL TABLE `supermarket`.`pos_skus` (
  `sku_id` string,
  `product_name` string,
  `price` string
)
COMMENT 'Product catalogue, one JSON object per line; price is a string with cents so it is never a float.'
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true')
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://supermarket-lake/raw/skus/'
TBLPROPERTIES ('classification' = 'json');
