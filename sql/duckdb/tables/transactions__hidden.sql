-- Generated from models/tables/transactions.sql by `npm run build:models`. Do not edit.
CREATE OR REPLACE VIEW transactions__hidden AS
SELECT
  file,
  state,
  compaction,
  dt
FROM
  read_json(
    getvariable ('lake_dir') || '/tables/_hidden/transactions/*/*.jsonl',
    format = 'newline_delimited',
    columns = {
      'file': 'VARCHAR',
      'state': 'VARCHAR',
      'compaction': 'VARCHAR'
    },
    hive_partitioning = TRUE,
    hive_types = {'dt': VARCHAR}
  );
