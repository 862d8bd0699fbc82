import { z } from 'zod';
import { formatSchemaError } from '../config/schema-fields.js';
import type { AwsPrices } from './prices-from-file.js';

/**
 * The schema of `src/cost/aws-prices.json`: every price the cost model uses, each with its unit,
 * its source URL and the day it was read. A missing, negative or non-numeric price fails with the
 * key path, so a bad edit never costs something silently at $0.
 */
export const PRICE_KEYS = [
  's3PutPer1000Requests',
  's3GetPer1000Requests',
  's3StoragePerGbMonth',
  'lambdaPerMillionRequests',
  'lambdaArm64PerGbSecond',
  'athenaPerTbScanned',
  'athenaMinimumMbPerQuery',
  'glueDpuHour',
  'glueMinimumBilledSeconds',
  'glueCatalogPer100kObjects',
  'glueCatalogPerMillionRequests',
  'fargateArm64PerVcpuHour',
  'fargateArm64PerGbHour',
  'sqsPerMillionRequests',
  'quicksightReaderPerMonth',
  'quicksightAuthorPerMonth',
  'spicePerGbMonth',
] as const satisfies readonly (keyof AwsPrices)[];
export type PriceKey = (typeof PRICE_KEYS)[number];

const priceEntrySchema = z.object({
  value: z.number({ error: 'must be a number' }).min(0, { error: 'must be a non-negative number' }),
  unit: z.string().min(1, { error: 'must say what the figure is per' }),
  source: z.string().regex(/^https:\/\//, { error: 'must be the https:// URL of the price page' }),
  retrieved: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be the yyyy-MM-dd the price was read' }),
});

// Every key the model uses must be present; extra keys are allowed (a price kept for reference).
const pricesSchema = z.looseObject(Object.fromEntries(PRICE_KEYS.map((k) => [k, priceEntrySchema])) as Record<PriceKey, typeof priceEntrySchema>);

const awsPriceFileSchema = z.object({
  region: z.string(),
  currency: z.literal('USD'),
  note: z.string(),
  prices: pricesSchema,
});

export type AwsPriceFile = z.output<typeof awsPriceFileSchema>;

/** Parses the price file (already read as JSON); throws naming `file` and each key path at fault. */
export function parseAwsPriceFile(json: unknown, file = 'src/cost/aws-prices.json'): AwsPriceFile {
  const parsed = awsPriceFileSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(formatSchemaError(file, parsed.error, json, `Fix these prices in ${file}: each needs a value, unit, source URL and retrieval date.`));
  return parsed.data;
}

/** The price figures the cost model takes, as plain numbers. */
export function priceValues(file: AwsPriceFile): Readonly<Record<PriceKey, number>> {
  return valuesOf(file.prices);
}

function valuesOf(prices: AwsPriceFile['prices']): Record<PriceKey, number> {
  return Object.fromEntries(PRICE_KEYS.map((k) => [k, prices[k].value])) as Record<PriceKey, number>;
}

/**
 * The price figures of a file's `prices` section, for the cost model (which stays pure: the file is
 * passed in already parsed). Only that section is checked: a missing, negative or non-numeric price
 * is listed by key path, so a bad edit never costs something silently at $0.
 */
export function pricesFromFile(file: unknown): AwsPrices {
  const prices = typeof file === 'object' && file !== null && !Array.isArray(file) ? (file as { prices?: unknown }).prices : undefined;
  if (typeof prices !== 'object' || prices === null) throw new Error('aws-prices.json: expected an object with a "prices" object');
  const parsed = pricesSchema.safeParse(prices);
  if (!parsed.success)
    throw new Error(formatSchemaError('aws-prices.json', prefixed(parsed.error), file, 'Each price needs a value, unit, source URL and retrieval date.'));
  return valuesOf(parsed.data);
}

function prefixed(error: z.ZodError): z.ZodError {
  return new z.ZodError(error.issues.map((i) => ({ ...i, path: ['prices', ...i.path] })));
}
