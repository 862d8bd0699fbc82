-- Generated from models/sources/pos_stores.sql by `npm run build:models`. Do not edit.
CREATE EXTERNAL TABLE `supermarket`.`pos_stores` (
  `store_id` string,
  `store_name` string,
  `store_location` string
)
COMMENT 'Store master data exported by the head office, one JSON object per line.'
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true')
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://supermarket-lake/raw/stores/'
TBLPROPERTIES ('classification' = 'json');
