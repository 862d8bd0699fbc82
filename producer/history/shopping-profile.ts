/**
 * The shape of shopping behaviour the generator draws from. The numbers are plausible rather than
 * measured; tests/producer/generate-history.test.ts checks the bounds the README promises.
 */

/** Every store is open 07:00–22:00 UTC: transactions fall in [07:00:00, 21:59:59]. */
export const OPENING_HOURS = { openHour: 7, closeHour: 22 } as const;

/**
 * Relative traffic per opening hour (index 0 = 07:00–07:59 … 14 = 21:00–21:59) on weekdays: a lunch
 * bump and an after-work peak at 17–19 h.
 */
export const WEEKDAY_HOUR_WEIGHTS = [0.5, 0.8, 0.9, 1.0, 1.2, 1.5, 1.3, 1.0, 1.0, 1.3, 1.9, 2.2, 1.8, 1.1, 0.6] as const;

/** Weekends: slower early mornings, a long late-morning-to-evening plateau. */
export const WEEKEND_HOUR_WEIGHTS = [0.4, 0.7, 1.0, 1.4, 1.6, 1.6, 1.4, 1.3, 1.3, 1.4, 1.6, 1.6, 1.3, 0.9, 0.5] as const;

/** Relative traffic per day of week, Sunday first (JavaScript's `getUTCDay`). Saturday is busiest. */
export const DAY_OF_WEEK_WEIGHTS = [1.25, 0.9, 0.9, 0.95, 1.0, 1.15, 1.45] as const;

/** Each day's traffic is also scaled by a uniform factor in [1 - x, 1 + x] (weather, paydays…). */
export const DAILY_NOISE = 0.08;

/**
 * Distinct SKUs per basket, 1–12: geometric with ratio 0.75, so ~60 % of baskets hold ≤ 3 lines and
 * the mean is ~3.3 lines.
 */
export const BASKET_SIZE_WEIGHTS = Array.from({ length: 12 }, (_, i) => 0.75 ** i);

/** Quantity per line, 1–6: mostly one of a thing. */
export const QUANTITY_WEIGHTS = [80, 12, 4, 2, 1, 1] as const;

/**
 * SKU popularity follows Zipf's law with this exponent over a random ranking of the catalogue:
 * with 12,000 SKUs, the top 1 % sell ~30 % of units and the top SKU ~3.5 %.
 */
export const SKU_ZIPF_EXPONENT = 0.8;

/** Store traffic weights are uniform in [min, max]: some stores are busier than others. */
export const STORE_TRAFFIC_RANGE = { min: 0.6, max: 1.4 } as const;
