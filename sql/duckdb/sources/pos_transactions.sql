-- Generated from models/sources/pos_transactions.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW pos_transactions AS
SELECT
  *
FROM
  read_json(
    getvariable ('lake_dir') || '/raw/transactions/**/*.jsonl',
    format = 'newline_delimited',
    columns = {
      'transaction_id': 'VARCHAR',
      'store_id': 'VARCHAR',
      'transaction_datetime': 'VARCHAR',
      'items': 'STRUCT(sku_id VARCHAR, quantity INTEGER)[]'
    }
  );
