import Handlebars from 'handlebars';
import type { DataTest } from '../manifest/manifest.js';
import { QUERY_DIALECTS } from '../dialects/dialects.js';
import { HelperArgumentError } from '../dialects/helper-argument-error.js';
import { helperUsage, MODEL_HELPERS } from '../dialects/model-helpers.js';
import { parseModelConfig, type ConfigValue, type ModelConfig } from './model-config.js';
import type { ModelError } from './model-error.js';

/** A model file as read from disk. */
export interface ModelFile {
  /** Project-relative, with forward slashes. */
  readonly path: string;
  readonly text: string;
}

export interface RefUse {
  readonly name: string;
  readonly line: number;
}

export interface SourceUse {
  readonly source: string;
  readonly table: string;
  readonly line: number;
}

export interface TestUse {
  readonly test: DataTest;
  readonly line: number;
}

/** What the first pass learns from a model: its config, what it reads, its tests, and the template to render. */
export interface ParsedModel {
  readonly path: string;
  /** From the file name; sources get their name from their DDL later. */
  readonly fileName: string;
  readonly config: ModelConfig;
  readonly configLine: number;
  readonly refs: readonly RefUse[];
  readonly sources: readonly SourceUse[];
  readonly tests: readonly TestUse[];
  readonly template: HandlebarsTemplateDelegate;
}

const KNOWN_HELPERS = ['config', 'ref', 'source', 'test', ...Object.keys(MODEL_HELPERS)];
const TEST_KINDS = ['not_null', 'unique', 'relationship', 'accepted_range'] as const;

/** Why a helper call cannot be rendered in some dialect, or undefined. */
function helperProblem(name: string, args: readonly string[]): string | undefined {
  for (const d of QUERY_DIALECTS) {
    try {
      MODEL_HELPERS[name]!.render[d](...args);
    } catch (e) {
      if (e instanceof HelperArgumentError) return e.message;
      throw e;
    }
  }
  return undefined;
}

/** First pass over one model: walks the handlebars AST, so every finding has a line. */
export function parseModel(file: ModelFile, errors: ModelError[]): ParsedModel | undefined {
  const fileName = file.path
    .split('/')
    .pop()!
    .replace(/\.sql$/, '');
  const err = (line: number, message: string) => errors.push({ path: file.path, line, message });
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(file.text);
  } catch (e) {
    const msg = (e as Error).message;
    const line = Number(/line (\d+)/.exec(msg)?.[1] ?? 1);
    err(line, `malformed template: ${msg.split('\n').filter((l) => !/^(Parse error|-+\^|\.\.\.)/.test(l.trim()))[0] ?? msg.split('\n').pop()}`.trim());
    return undefined;
  }
  const before = errors.length;
  let config: ModelConfig | undefined;
  let configSeen = false;
  let configLine = 1;
  const refs: RefUse[] = [];
  const sources: SourceUse[] = [];
  const tests: TestUse[] = [];

  const walk = (program: hbs.AST.Program) => {
    for (const node of program.body) {
      if (node.type === 'MustacheStatement' || node.type === 'SubExpression') {
        const m = node as hbs.AST.MustacheStatement;
        const line = m.loc.start.line;
        const name = m.path.type === 'PathExpression' ? (m.path as hbs.AST.PathExpression).original : String(m.path.type);
        const params = m.params.map(literal);
        const hash = Object.fromEntries((m.hash?.pairs ?? []).map((p) => [p.key, literal(p.value)]));
        if (params.some((p) => p === undefined) || Object.values(hash).some((v) => v === undefined)) {
          err(line, `{{${name}}} takes literal arguments only ("text", numbers, true/false)`);
          continue;
        }
        switch (name) {
          case 'config': {
            if (configSeen) {
              err(line, `a model has one {{config}}; the first is on line ${configLine}`);
              break;
            }
            configSeen = true;
            configLine = line;
            const result = parseModelConfig(hash as Record<string, ConfigValue>);
            if ('errors' in result) for (const problem of result.errors) err(line, problem);
            else config = result.config;
            if (params.length > 0) err(line, '{{config}} takes key="value" pairs only');
            break;
          }
          case 'ref':
            if (params.length !== 1 || typeof params[0] !== 'string') err(line, '{{ref}} takes one model name: {{ref "transactions"}}');
            else refs.push({ name: params[0], line });
            break;
          case 'source':
            if (params.length !== 2 || typeof params[0] !== 'string' || typeof params[1] !== 'string') {
              err(line, '{{source}} takes a source and a table: {{source "pos" "transactions"}}');
            } else sources.push({ source: params[0], table: params[1], line });
            break;
          case 'test': {
            const t = parseTest(params as ConfigValue[], hash as Record<string, ConfigValue>);
            if (typeof t === 'string') err(line, t);
            else tests.push({ test: t, line });
            break;
          }
          default: {
            const helper = MODEL_HELPERS[name];
            if (!helper) {
              err(line, `unknown helper {{${name}}} (known: ${KNOWN_HELPERS.join(', ')})`);
            } else if (params.length !== helper.params.length) {
              err(line, `{{${name}}} takes ${helper.params.length} arguments (${helper.params.join(', ')}): ${helperUsage(name, helper)}`);
            } else {
              // Arguments are literals, so every dialect's rendering can be checked here, where the line is known.
              const problem = helperProblem(name, params.map(String));
              if (problem) err(line, `{{${name}}}: ${problem}`);
            }
          }
        }
      } else if (node.type === 'BlockStatement' || node.type === 'PartialStatement' || node.type === 'DecoratorBlock') {
        err(node.loc.start.line, `block and partial helpers are not supported in models (found ${node.type})`);
      }
    }
  };
  walk(ast);

  if (!configSeen) {
    err(1, 'missing {{config materialized="…"}} at the top of the model');
  }
  if (errors.length > before || !config) return undefined;

  // Compiled once here; each dialect runs it with its own helpers.
  const template = Handlebars.compile(file.text, {
    noEscape: true,
    strict: true,
    knownHelpers: Object.fromEntries(KNOWN_HELPERS.map((h) => [h, true])),
    knownHelpersOnly: true,
  });
  return { path: file.path, fileName, config, configLine, refs, sources, tests, template };
}

function literal(node: hbs.AST.Expression): ConfigValue | undefined {
  switch (node.type) {
    case 'StringLiteral':
      return (node as hbs.AST.StringLiteral).value;
    case 'NumberLiteral':
      return (node as hbs.AST.NumberLiteral).value;
    case 'BooleanLiteral':
      return (node as hbs.AST.BooleanLiteral).value;
    default:
      return undefined;
  }
}

function parseTest(params: ConfigValue[], hash: Record<string, ConfigValue>): DataTest | string {
  const [kind, column] = params;
  const usage =
    'use {{test "not_null" "col"}}, {{test "unique" "col"}}, {{test "relationship" "col" to="model.col"}} or {{test "accepted_range" "col" min=0 max=100}}';
  if (typeof kind !== 'string' || !(TEST_KINDS as readonly string[]).includes(kind) || typeof column !== 'string' || params.length !== 2) {
    return `unknown test ${JSON.stringify(params)}: ${usage}`;
  }
  const allowedHash: Record<string, string[]> = { not_null: [], unique: [], relationship: ['to'], accepted_range: ['min', 'max'] };
  const extra = Object.keys(hash).filter((k) => !allowedHash[kind]!.includes(k));
  if (extra.length > 0) return `test "${kind}" does not take ${extra.join(', ')}: ${usage}`;
  switch (kind) {
    case 'not_null':
    case 'unique':
      return { kind, column };
    case 'relationship': {
      const to = hash.to;
      const m = typeof to === 'string' ? /^([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)$/.exec(to) : null;
      if (!m) return `test "relationship" needs to="model.column": ${usage}`;
      return { kind, column, toModel: m[1]!, toColumn: m[2]! };
    }
    case 'accepted_range': {
      const { min, max } = hash;
      if ((min !== undefined && typeof min !== 'number') || (max !== undefined && typeof max !== 'number') || (min === undefined && max === undefined)) {
        return `test "accepted_range" needs a numeric min= and/or max=: ${usage}`;
      }
      return { kind, column, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    }
    default:
      return usage;
  }
}
