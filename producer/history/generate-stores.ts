import { storeId } from './history-contract.js';
import { SeededRandom } from './seeded-random.js';
import { CITIES, DISTRICTS, STORE_BANNERS } from './word-lists.js';

/** A line of `raw/stores/stores.jsonl`: the `supermarkets` table's source. */
export interface StoreRecord {
  readonly store_id: string;
  readonly store_name: string;
  readonly store_location: string;
}

/**
 * The chain's stores: each in a city (distinct cities first, so 5 stores span 5 cities), named by
 * banner and district, unique names. Depends only on the seed and the count.
 */
export function generateStores(count: number, seed: number): StoreRecord[] {
  const random = new SeededRandom(seed, 'stores');
  const cities = random.shuffle([...CITIES]);
  const names = new Set<string>();
  const stores: StoreRecord[] = [];
  for (let i = 0; i < count; i++) {
    const city = cities[i % cities.length] as string;
    let name = '';
    for (let attempt = 0; attempt < 20 && (name === '' || names.has(name)); attempt++) {
      name = `${random.pick(STORE_BANNERS)} ${city} ${random.pick(DISTRICTS)}`;
    }
    // Thousands of stores exhaust banner × district in a city: number the rest.
    if (names.has(name)) name = `${name} ${i + 1}`;
    names.add(name);
    stores.push({ store_id: storeId(i + 1), store_name: name, store_location: city });
  }
  return stores;
}
