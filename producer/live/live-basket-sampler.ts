import { skuId, storeId } from '../history/history-contract.js';
import { SeededRandom } from '../history/seeded-random.js';
import { BASKET_SIZE_WEIGHTS, QUANTITY_WEIGHTS, SKU_ZIPF_EXPONENT, STORE_TRAFFIC_RANGE } from '../history/shopping-profile.js';
import { WeightedSampler } from '../history/weighted-sampler.js';

/** One line of a raw POS transaction's `items`. */
export interface LiveItem {
  readonly sku_id: string;
  readonly quantity: number;
}

/**
 * Draws stores and baskets with the history generator's shopping profile, so live sales look like
 * the same shops: the same store traffic weights and the same SKU popularity ranking as a history
 * generated with the same `popularitySeed`, `stores` and `skus`.
 *
 * The popularity stream is consumed in the same order as generate-history.ts (store weights, then
 * the SKU shuffle); if that order changes there, change it here too — the test comparing best
 * sellers of both will notice.
 */
export class LiveBasketSampler {
  private readonly storeSampler: WeightedSampler;
  private readonly skuSampler: WeightedSampler;
  private readonly basketSampler = new WeightedSampler(BASKET_SIZE_WEIGHTS);
  private readonly quantitySampler = new WeightedSampler(QUANTITY_WEIGHTS);
  private readonly storeIds: readonly string[];
  private readonly skuIds: readonly string[];
  private readonly basket = new Int32Array(12);
  private readonly maxBasket: number;

  /**
   * @param random the stream of live draws (stores, basket sizes, SKUs, quantities)
   * @param popularitySeed the history's seed: fixes store traffic and SKU ranking
   */
  constructor(
    stores: number,
    skus: number,
    popularitySeed: number,
    private readonly random: SeededRandom,
  ) {
    const popularity = new SeededRandom(popularitySeed, 'popularity');
    this.storeSampler = new WeightedSampler(
      Array.from({ length: stores }, () => STORE_TRAFFIC_RANGE.min + popularity.next() * (STORE_TRAFFIC_RANGE.max - STORE_TRAFFIC_RANGE.min)),
    );
    const rankToSku = popularity.shuffle(Array.from({ length: skus }, (_, i) => i));
    const zipf = new Float64Array(skus);
    for (let rank = 0; rank < skus; rank++) zipf[rankToSku[rank] as number] = 1 / (rank + 1) ** SKU_ZIPF_EXPONENT;
    this.skuSampler = new WeightedSampler(zipf);
    this.maxBasket = Math.min(this.basket.length, skus);
    // Ids are formatted once: the hot path only indexes.
    this.storeIds = Array.from({ length: stores }, (_, i) => storeId(i + 1));
    this.skuIds = Array.from({ length: skus }, (_, i) => skuId(i + 1));
  }

  /** Index (0-based) into the stores of the next transaction's store. */
  nextStoreIndex(): number {
    return this.storeSampler.sample(this.random);
  }

  storeIdOf(index: number): string {
    return this.storeIds[index] as string;
  }

  /** A basket of 1–12 distinct SKUs with quantities 1–6. */
  nextItems(): LiveItem[] {
    const size = Math.min(this.maxBasket, this.basketSampler.sample(this.random) + 1);
    const items: LiveItem[] = [];
    for (let k = 0; k < size; k++) {
      const sku = this.drawDistinctSku(k);
      this.basket[k] = sku;
      items.push({ sku_id: this.skuIds[sku] as string, quantity: this.quantitySampler.sample(this.random) + 1 });
    }
    return items;
  }

  /** As in the history generator: popular SKUs collide often, so redraw, then fall back to a scan. */
  private drawDistinctSku(filled: number): number {
    for (let attempt = 0; attempt < 64; attempt++) {
      const sku = this.skuSampler.sample(this.random);
      if (!this.inBasket(filled, sku)) return sku;
    }
    for (let sku = 0; sku < this.skuSampler.size; sku++) if (!this.inBasket(filled, sku)) return sku;
    throw new RangeError('basket larger than the catalogue');
  }

  private inBasket(filled: number, sku: number): boolean {
    for (let j = 0; j < filled; j++) if (this.basket[j] === sku) return true;
    return false;
  }
}
