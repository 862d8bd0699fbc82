import { describe, expect, it } from 'vitest';
import priceFile from '../../src/cost/aws-prices.json' with { type: 'json' };
import { parseAwsPriceFile, PRICE_KEYS, priceValues } from '../../src/cost/aws-prices.js';

describe('parseAwsPriceFile', () => {
  it('reads the committed price list: every price the model uses', () => {
    const values = priceValues(parseAwsPriceFile(priceFile));
    expect(Object.keys(values).sort()).toEqual([...PRICE_KEYS].sort());
    expect(values.athenaPerTbScanned).toBe(5);
  });

  it('names the file and each key path at fault', () => {
    const broken = structuredClone(priceFile) as { prices: Record<string, unknown> };
    delete broken.prices['glueDpuHour'];
    (broken.prices['s3PutPer1000Requests'] as { value: number }).value = -1;
    expect(() => parseAwsPriceFile(broken)).toThrow(
      /src\/cost\/aws-prices\.json is invalid:[\s\S]*prices\.s3PutPer1000Requests\.value -1 must be a non-negative number[\s\S]*prices\.glueDpuHour is required/,
    );
  });
});
