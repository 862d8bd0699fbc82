import type { Column } from '../manifest/manifest.js';
import { sqlTypeEquals } from '../compiler/sql-type.js';
import type { CatalogObject, CatalogSnapshot } from '../engines/engine.js';
import type { DesiredObject, ObjectKind } from './desired-objects.js';

/** One change to the catalog. `destructive` changes are refused without --allow-destructive. */
export type Change =
  | { readonly kind: 'create_database' }
  | { readonly kind: 'create'; readonly name: string; readonly objectKind: ObjectKind; readonly desired: DesiredObject }
  | { readonly kind: 'replace_view'; readonly name: string; readonly desired: DesiredObject }
  | { readonly kind: 'add_columns'; readonly name: string; readonly columns: readonly Column[]; readonly desired: DesiredObject }
  | { readonly kind: 'set_properties'; readonly name: string; readonly properties: Readonly<Record<string, string>>; readonly desired: DesiredObject }
  | { readonly kind: 'rebuild_mart'; readonly name: string; readonly desired: DesiredObject }
  | {
      readonly kind: 'replace_columns';
      readonly name: string;
      readonly dropped: readonly string[];
      readonly retyped: readonly string[];
      readonly desired: DesiredObject;
    }
  | {
      readonly kind: 'recreate_table';
      readonly name: string;
      readonly reason: string;
      /** What the catalog holds now, which decides DROP TABLE or DROP VIEW. */
      readonly current: 'table' | 'view';
      readonly desired: DesiredObject;
    }
  | { readonly kind: 'drop'; readonly name: string; readonly objectKind: 'table' | 'view' };

export interface MigrationPlan {
  /** In the order they apply: creates and alters in dependency order, then drops, views first. */
  readonly changes: readonly Change[];
}

/**
 * Changes that can lose data or break readers. Recreating a source is not one: a source table owns
 * no data (its files are the raw input, never written through it), so DROP + CREATE loses nothing.
 */
export function isDestructive(c: Change): boolean {
  if (c.kind === 'recreate_table') return c.desired.kind !== 'source';
  return c.kind === 'drop' || c.kind === 'replace_columns';
}

/** Why a destructive change is refused, in words a user can act on. */
export function explainDestructive(c: Change): string {
  switch (c.kind) {
    case 'drop':
      return `${c.name} is no longer declared; dropping it removes it from the catalog (its data files stay in the lake)`;
    case 'replace_columns':
      return `${c.name}: ${[c.dropped.length ? `column(s) ${c.dropped.join(', ')} would be dropped` : '', c.retyped.length ? `column(s) ${c.retyped.join(', ')} change type` : ''].filter(Boolean).join('; ')} — existing files keep the old schema and readers may fail or lose values`;
    case 'recreate_table':
      return `${c.name}: ${c.reason}; the table must be dropped and created again (data files stay, but existing partitions may no longer be readable)`;
    default:
      return '';
  }
}

/**
 * Diffs the declared objects against a catalog. Pure: the same inputs give the same plan, and no
 * engine is needed (so the planner is tested from "before" and "after" manifests alone).
 */
export function planMigration(desired: readonly DesiredObject[], actual: CatalogSnapshot): MigrationPlan {
  const changes: Change[] = [];
  if (!actual.databaseExists) changes.push({ kind: 'create_database' });
  const declared = new Set(desired.map((d) => d.name));
  for (const d of desired) {
    const have = actual.objects.get(d.name);
    if (!have) {
      changes.push({ kind: 'create', name: d.name, objectKind: d.kind, desired: d });
      continue;
    }
    changes.push(...diffObject(d, have));
  }
  const drops = [...actual.objects.values()].filter((o) => !declared.has(o.name) && !isForeignTable(o));
  drops.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'view' ? -1 : 1));
  for (const o of drops) changes.push({ kind: 'drop', name: o.name, objectKind: o.kind });
  return { changes };
}

/**
 * A table over data outside the lake (engines report such a location as a full URL, the lake's as a
 * key prefix) was not created by migrate: someone else's table in the same database. It is never
 * planned for a drop, so it can neither be dropped by mistake nor block migrate as a refused change.
 */
function isForeignTable(o: CatalogObject): boolean {
  return o.kind === 'table' && /^[a-z][a-z0-9+.-]*:\/\//i.test(o.location);
}

function diffObject(d: DesiredObject, have: CatalogObject): Change[] {
  const want = d.object;
  if (want.kind === 'view') {
    if (have.kind !== 'view')
      return [{ kind: 'recreate_table', name: d.name, reason: 'it is a table in the catalog but declared as a view', current: 'table', desired: d }];
    // Catalogs that re-format view text (Trino, Athena) keep the hash of the SQL it was created from.
    const same = have.sqlHash !== undefined && want.sqlHash !== undefined ? have.sqlHash === want.sqlHash : normalizeSql(have.sql) === normalizeSql(want.sql);
    return same ? [] : [{ kind: 'replace_view', name: d.name, desired: d }];
  }
  if (have.kind !== 'table')
    return [{ kind: 'recreate_table', name: d.name, reason: 'it is a view in the catalog but declared as a table', current: 'view', desired: d }];
  if (have.unreadable !== undefined)
    return [
      {
        kind: 'recreate_table',
        name: d.name,
        reason: `its catalog entry has a column type no Athena table has (${have.unreadable})`,
        current: 'table',
        desired: d,
      },
    ];
  if (d.kind === 'mart') {
    return Object.entries(want.properties).every(([k, v]) => have.properties[k] === v) ? [] : [{ kind: 'rebuild_mart', name: d.name, desired: d }];
  }
  const samePartitions =
    have.partitionKeys.length === want.partitionKeys.length &&
    have.partitionKeys.every((p, i) => p.name === want.partitionKeys[i]!.name && sqlTypeEquals(p.type, want.partitionKeys[i]!.type));
  if (!samePartitions) {
    const show = (cs: readonly Column[]) => (cs.length ? cs.map((c) => c.name).join(', ') : 'none');
    return [
      {
        kind: 'recreate_table',
        name: d.name,
        reason: `partitioning changes from (${show(have.partitionKeys)}) to (${show(want.partitionKeys)})`,
        current: 'table',
        desired: d,
      },
    ];
  }
  if (have.location.replace(/\/$/, '') !== want.location.replace(/\/$/, '')) {
    return [{ kind: 'recreate_table', name: d.name, reason: `location changes from ${have.location} to ${want.location}`, current: 'table', desired: d }];
  }
  const out: Change[] = [];
  const haveCols = new Map(have.columns.map((c) => [c.name, c]));
  const wantCols = new Map(want.columns.map((c) => [c.name, c]));
  if (d.kind === 'source') {
    // Sources are JSON (OpenX JsonSerDe), and ALTER TABLE REPLACE COLUMNS is documented for
    // LazySimpleSerDe tables only; a source owns no data, so any column change recreates it.
    const parts = [
      ...have.columns.filter((c) => !wantCols.has(c.name)).map((c) => `drop ${c.name}`),
      ...want.columns.filter((c) => haveCols.has(c.name) && !sqlTypeEquals(haveCols.get(c.name)!.type, c.type)).map((c) => `retype ${c.name}`),
      ...want.columns.filter((c) => !haveCols.has(c.name)).map((c) => `add ${c.name}`),
    ];
    const sameOrder = have.columns.map((c) => c.name).join(',') === want.columns.map((c) => c.name).join(',');
    if (parts.length > 0 || !sameOrder) {
      out.push({
        kind: 'recreate_table',
        name: d.name,
        reason: `its columns change (${parts.length > 0 ? parts.join('; ') : 'column order'})`,
        current: 'table',
        desired: d,
      });
      return out;
    }
  }
  const dropped = have.columns.filter((c) => !wantCols.has(c.name)).map((c) => c.name);
  const retyped = want.columns.filter((c) => haveCols.has(c.name) && !sqlTypeEquals(haveCols.get(c.name)!.type, c.type)).map((c) => c.name);
  const keptInOrder = want.columns.filter((c) => haveCols.has(c.name)).map((c) => c.name);
  const haveOrder = have.columns.filter((c) => wantCols.has(c.name)).map((c) => c.name);
  const reordered = keptInOrder.join(',') !== haveOrder.join(',');
  if (dropped.length > 0 || retyped.length > 0 || reordered) {
    out.push({
      kind: 'replace_columns',
      name: d.name,
      dropped,
      retyped: reordered && retyped.length === 0 && dropped.length === 0 ? ['(column order)'] : retyped,
      desired: d,
    });
  } else {
    // New columns go last in Hive tables (ADD COLUMNS appends); declared order must agree.
    const added = want.columns.filter((c) => !haveCols.has(c.name));
    const appendedAtEnd = want.columns.slice(0, have.columns.length).every((c, i) => c.name === have.columns[i]!.name);
    if (added.length > 0 && appendedAtEnd) out.push({ kind: 'add_columns', name: d.name, columns: added, desired: d });
    else if (added.length > 0) out.push({ kind: 'replace_columns', name: d.name, dropped: [], retyped: ['(new columns must be appended last)'], desired: d });
  }
  const changedProps = Object.fromEntries(Object.entries(want.properties).filter(([k, v]) => have.properties[k] !== v));
  if (Object.keys(changedProps).length > 0) out.push({ kind: 'set_properties', name: d.name, properties: changedProps, desired: d });
  return out;
}

/** View text compares modulo whitespace, case of keywords aside: engines store it as sent. */
function normalizeSql(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\s*;\s*$/, '')
    .trim();
}

/** A terraform-style summary line per change. */
export function describeChange(c: Change): string {
  switch (c.kind) {
    case 'create_database':
      return '+ create database';
    case 'create':
      return `+ create ${c.objectKind} ${c.name}`;
    case 'replace_view':
      return `~ replace view ${c.name}`;
    case 'add_columns':
      return `~ alter table ${c.name}: add column${c.columns.length > 1 ? 's' : ''} ${c.columns.map((x) => x.name).join(', ')}`;
    case 'set_properties':
      return `~ alter table ${c.name}: set properties ${Object.keys(c.properties).join(', ')}`;
    case 'rebuild_mart':
      return `~ rebuild mart ${c.name} (its query changed)`;
    case 'replace_columns':
      return `~ alter table ${c.name}: replace columns (${[...c.dropped.map((x) => `drop ${x}`), ...c.retyped.map((x) => `retype ${x}`)].join(', ')}) [destructive]`;
    case 'recreate_table':
      return c.desired.kind === 'source'
        ? `~ recreate source ${c.name}: ${c.reason}; a source owns no data`
        : `- drop and + create ${c.name}: ${c.reason} [destructive]`;
    case 'drop':
      return `- drop ${c.objectKind} ${c.name} [destructive]`;
  }
}
