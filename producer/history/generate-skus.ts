import { skuId } from './history-contract.js';
import { formatCents } from './format-cents.js';
import { SeededRandom } from './seeded-random.js';
import { CATEGORIES, HOUSE_BRANDS, SIZE_PRICE_FACTORS, VARIANT_PRICE_FACTORS } from './word-lists.js';
import type { Category } from './word-lists.js';

/** A line of `raw/skus/skus.jsonl`: the `skus` table's source. `price` is a decimal string. */
export interface SkuRecord {
  readonly sku_id: string;
  readonly product_name: string;
  /** Dollars and cents, e.g. `"3.49"`: a string so it is never parsed as a float on the way. */
  readonly price: string;
}

/**
 * The product catalogue: `<brand> [<variant>] <product> <size>`, unique names, prices that
 * make sense together (one base price per product, scaled by brand, size and variant, then rounded
 * to a shelf price ending in 9). Depends only on the seed and the count.
 */
export function generateSkus(count: number, seed: number): SkuRecord[] {
  const random = new SeededRandom(seed, 'skus');
  const basePrices = new Map<string, number>();
  const brandFactors = new Map<string, number>();
  for (const category of CATEGORIES) {
    for (const product of category.products) {
      // Log-uniform, so cheap and dear products are both common within a department.
      const logMin = Math.log(category.minCents);
      const logMax = Math.log(category.maxCents);
      basePrices.set(`${category.name}/${product}`, Math.exp(logMin + random.next() * (logMax - logMin)));
    }
    for (const brand of category.brands) brandFactors.set(`${category.name}/${brand}`, 0.9 + random.next() * 0.35);
  }
  // Departments with more combinations get more SKUs, as shelves do.
  const categoryWeights = CATEGORIES.map((c) => (c.brands.length + HOUSE_BRANDS.length) * c.products.length * c.sizes.length);
  const categoryTotal = categoryWeights.reduce((a, b) => a + b, 0);
  const pickCategory = (): Category => {
    let target = random.next() * categoryTotal;
    for (let i = 0; i < CATEGORIES.length; i++) {
      target -= categoryWeights[i] as number;
      if (target < 0) return CATEGORIES[i] as Category;
    }
    return CATEGORIES[CATEGORIES.length - 1] as Category;
  };

  const names = new Set<string>();
  const skus: SkuRecord[] = [];
  for (let i = 0; i < count; i++) {
    let name = '';
    let cents = 0;
    for (let attempt = 0; attempt < 30 && (name === '' || names.has(name)); attempt++) {
      const category = pickCategory();
      const houseBrand = random.next() < 0.2;
      const brand = houseBrand ? random.pick(HOUSE_BRANDS) : random.pick(category.brands);
      const variant = random.next() < 0.45 ? random.pick(category.variants) : undefined;
      const product = random.pick(category.products);
      const sizeIndex = random.int(category.sizes.length);
      name = `${brand} ${variant === undefined ? '' : `${variant} `}${product} ${category.sizes[sizeIndex] as string}`;
      const base = basePrices.get(`${category.name}/${product}`) ?? category.minCents;
      const brandFactor = houseBrand ? 0.85 : (brandFactors.get(`${category.name}/${brand}`) ?? 1);
      const variantFactor = variant === undefined ? 1 : (VARIANT_PRICE_FACTORS[variant] ?? 1.1);
      const sizeFactor = SIZE_PRICE_FACTORS[sizeIndex] ?? 1;
      cents = shelfPrice(base * brandFactor * variantFactor * sizeFactor * (0.95 + random.next() * 0.1));
    }
    // Beyond ~29,000 SKUs the vocabulary runs out of combinations: number the duplicates.
    if (names.has(name)) name = `${name} #${i + 1}`;
    names.add(name);
    skus.push({ sku_id: skuId(i + 1), product_name: name, price: formatCents(cents) });
  }
  return skus;
}

/** Rounds to a shelf price: x.x9 under $10, x.49 / x.99 above; never below $0.19. */
function shelfPrice(cents: number): number {
  if (cents < 1000) return Math.max(19, Math.round(cents / 10) * 10 - 1);
  return Math.round(cents / 50) * 50 - 1;
}
