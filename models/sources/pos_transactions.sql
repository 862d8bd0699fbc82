{{config materialized="source" format="jsonl" location="raw/transactions/" description="Raw POS transactions as the tills send them: one JSON object per line, as declared below (the raw POS contract)."}}
CREATE EXTERNAL TABLE pos.transactions (
  transaction_id string,
  store_id string,
  transaction_datetime string,
  items array<struct<sku_id:string,quantity:int>>
)
