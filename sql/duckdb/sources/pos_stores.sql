-- Generated from models/sources/pos_stores.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW pos_stores AS
SELECT
  *
FROM
  read_json(
    getvariable ('lake_dir') || '/raw/stores/**/*.jsonl',
    format = 'newline_delimited',
    columns = {
      'store_id': 'VARCHAR',
      'store_name': 'VARCHAR',
      'store_location': 'VARCHAR'
    }
  );
