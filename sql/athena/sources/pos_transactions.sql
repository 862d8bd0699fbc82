-- Generated from models/sources/pos_transactions.sql by `npm run build:models`. Do not edit.
CREATE EXTERNAL TABLE `supermarket`.`pos_transactions` (
  `transaction_id` string,
  `store_id` string,
  `transaction_datetime` string,
  `items` array<struct<sku_id:string,quantity:int>>
)
COMMENT 'Raw POS transactions as the tills send them: one JSON object per line, as declared below (the raw POS contract).'
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true')
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://supermarket-lake/raw/transactions/'
TBLPROPERTIES ('classification' = 'json');
