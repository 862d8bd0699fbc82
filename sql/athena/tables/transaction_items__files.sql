-- Generated from models/tables/transaction_items.sql by `npm run build:models`. Do not edit.
CREATE EXTERNAL TABLE `supermarket`.`transaction_items__files` (
  `transaction_id` string,
  `sku_id` string,
  `quantity` int,
  `store_id` string,
  `transaction_datetime` timestamp
)
COMMENT 'One row per line of a transaction\'s basket, partitioned like transactions; store_id and transaction_datetime are repeated from the transaction so that item-level panels need no join.'
PARTITIONED BY (`dt` string)
STORED AS PARQUET
LOCATION 's3://supermarket-lake/tables/transaction_items/'
TBLPROPERTIES (
  'parquet.compression' = 'SNAPPY',
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2024-01-01,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://supermarket-lake/tables/transaction_items/dt=${dt}/'
);
