-- Generated from models/tables/transaction_items.sql by `npm run build:models`. Do not edit.
CREATE EXTERNAL TABLE `supermarket`.`transaction_items__hidden` (
  `file` string,
  `state` string,
  `compaction` string
)
COMMENT 'Files of transaction_items that readers skip while compaction replaces them (docs/compaction.md).'
PARTITIONED BY (`dt` string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://supermarket-lake/tables/_hidden/transaction_items/'
TBLPROPERTIES (
  'classification' = 'json',
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2024-01-01,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://supermarket-lake/tables/_hidden/transaction_items/dt=${dt}/'
);
