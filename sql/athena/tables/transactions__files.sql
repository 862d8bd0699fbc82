-- Generated from models/tables/transactions.sql by `npm run build:models`. Do not edit.
CREATE EXTERNAL TABLE `supermarket`.`transactions__files` (
  `transaction_id` string,
  `store_id` string,
  `transaction_datetime` timestamp
)
COMMENT 'One row per POS transaction, partitioned by the day of its datetime.'
PARTITIONED BY (`dt` string)
STORED AS PARQUET
LOCATION 's3://supermarket-lake/tables/transactions/'
TBLPROPERTIES (
  'parquet.compression' = 'SNAPPY',
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2024-01-01,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://supermarket-lake/tables/transactions/dt=${dt}/'
);
