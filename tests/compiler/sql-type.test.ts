import { describe, expect, it } from 'vitest';
import { parseSqlType, TypeParseError } from '../../src/compiler/sql-type.js';
import { athenaRenderer } from '../../src/dialects/athena/athena-renderer.js';
import { HIVE_TYPES as HIVE_TYPE_TABLE } from '../../src/dialects/athena/hive-types.js';
import { renderType } from '../../src/dialects/type-table.js';
import { duckdbRenderer } from '../../src/dialects/duckdb/duckdb-renderer.js';
import { SparkRenderer } from '../../src/dialects/spark/spark-renderer.js';
import { defineConfig } from '../../src/config/define-config.js';

const config = defineConfig({ project: 'supermarket', lake: { bucket: 'supermarket-lake' } });
const athena = athenaRenderer(config);

// Every type of the Athena data types table (https://docs.aws.amazon.com/athena/latest/ug/data-types.html),
// as Glue stores it after a Hive DDL, with the Hive spelling the renderer writes back.
const HIVE_TYPES: readonly [string, string][] = [
  ['boolean', 'boolean'],
  ['tinyint', 'tinyint'],
  ['smallint', 'smallint'],
  ['int', 'int'],
  ['integer', 'int'],
  ['bigint', 'bigint'],
  ['float', 'float'],
  ['double', 'double'],
  ['decimal(11,5)', 'decimal(11,5)'],
  ['decimal(15)', 'decimal(15,0)'],
  ['decimal', 'decimal(10,0)'],
  ['char', 'char(1)'],
  ['char(10)', 'char(10)'],
  ['string', 'string'],
  ['varchar(20)', 'string'],
  ['binary', 'binary'],
  ['date', 'date'],
  ['timestamp', 'timestamp'],
  ['array<tinyint>', 'array<tinyint>'],
  ['map<string,int>', 'map<string,int>'],
  ['map<string,array<struct<a:smallint,b:binary>>>', 'map<string,array<struct<a:smallint,b:binary>>>'],
  ['struct<k:char(3),m:map<int,float>>', 'struct<k:char(3),m:map<int,float>>'],
];

describe('parseSqlType', () => {
  it.each(HIVE_TYPES)('parses the Athena DDL type %s and renders it back as %s', (text, hive) => {
    expect(renderType(parseSqlType(text), HIVE_TYPE_TABLE)).toBe(hive);
    expect(renderType(parseSqlType(text.toUpperCase()), HIVE_TYPE_TABLE)).toBe(hive);
  });

  it('parses the Trino (DML) spellings: real, varbinary, row(…), map(k, v)', () => {
    expect(parseSqlType('real')).toEqual(parseSqlType('float'));
    expect(parseSqlType('varbinary')).toEqual(parseSqlType('binary'));
    expect(parseSqlType('map(varchar, row(a integer, b real))')).toEqual(parseSqlType('map<string,struct<a:int,b:float>>'));
    expect(athena.type(parseSqlType('map<string,struct<a:tinyint,b:char(2)>>'))).toBe('map(varchar, row(a tinyint, b char(2)))');
  });

  it('renders the new types in every dialect', () => {
    const t = parseSqlType('struct<a:tinyint,b:smallint,c:float,d:binary,e:char(4),f:map<string,bigint>>');
    expect(duckdbRenderer(config).type(t)).toBe('STRUCT(a TINYINT, b SMALLINT, c FLOAT, d BLOB, e VARCHAR, f MAP(VARCHAR, BIGINT))');
    expect(new SparkRenderer().type(t)).toBe('struct<a: tinyint, b: smallint, c: float, d: binary, e: char(4), f: map<string, bigint>>');
  });

  it('still refuses what is not a type, saying where', () => {
    expect(() => parseSqlType('char(0)')).toThrow(TypeParseError);
    expect(() => parseSqlType('map<string>')).toThrow(/expected ","/);
    expect(() => parseSqlType('uniontype<int,string>')).toThrow(/unknown type "uniontype"/);
  });
});
