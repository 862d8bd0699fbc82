-- Generated from models/sources/pos_skus.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW pos_skus AS
SELECT
  *
FROM
  read_json(
    getvariable ('lake_dir') || '/raw/skus/**/*.jsonl',
    format = 'newline_delimited',
    columns = {
      'sku_id': 'VARCHAR',
      'product_name': 'VARCHAR',
      'price': 'VARCHAR'
    }
  );
