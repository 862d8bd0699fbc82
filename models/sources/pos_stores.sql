{{config materialized="source" format="jsonl" location="raw/stores/" description="Store master data exported by the head office, one JSON object per line."}}
CREATE EXTERNAL TABLE pos.stores (
  store_id string,
  store_name string,
  store_location string
)
