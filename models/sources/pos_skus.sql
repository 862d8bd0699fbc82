{{config materialized="source" format="jsonl" location="raw/skus/" description="Product catalogue, one JSON object per line; price is a string with cents so it is never a float."}}
CREATE EXTERNAL TABLE pos.skus (
  sku_id string,
  product_name string,
  price string
)
