/**
 * Words a model may not use as a bare column or model name, because one of the engines that runs
 * the rendered SQL reserves it. Athena has two lists: Hive DDL and Trino DML.
 * https://docs.aws.amazon.com/athena/latest/ug/reserved-words.html
 */
const ATHENA_DDL_RESERVED: ReadonlySet<string> = new Set(
  `all alter and array as authorization between bigint binary boolean both by case cashe cast char column
  conf constraint commit create cross cube current current_date current_timestamp cursor database date
  dayofweek decimal delete describe distinct double drop else end exchange exists extended external extract
  false fetch float floor following for foreign from full function grant group grouping having if import
  in inner insert int integer intersect interval into is join lateral left less like local macro map more
  none not null numeric of on only or order out outer over partialscan partition percent preceding precision
  preserve primary procedure range reads reduce regexp references revoke right rlike rollback rollup row
  rows select set smallint start table tablesample then time timestamp to transform trigger true truncate
  unbounded union uniquejoin update user using utc_timestamp values varchar views when where window with`
    .split(/\s+/)
    .filter(Boolean),
);

const ATHENA_DML_RESERVED: ReadonlySet<string> = new Set(
  `alter and as between by case cast constraint create cross cube current_date current_path current_time
  current_timestamp current_user deallocate delete describe distinct drop else end escape except execute
  exists extract false fetch for from full group grouping having in inner insert intersect into is join
  json_array json_exists json_object json_query json_table json_value left like listagg localtime
  localtimestamp natural normalize not null on or order outer prepare recursive right rollup select skip
  table then trim true uescape union unnest using values when where with`
    .split(/\s+/)
    .filter(Boolean),
);

/** True when `word` is reserved by either of Athena's engines. */
export function isAthenaReserved(word: string): boolean {
  const w = word.toLowerCase();
  return ATHENA_DDL_RESERVED.has(w) || ATHENA_DML_RESERVED.has(w);
}
