// Types for tests that import the page's formatting module (plain JS, no build step).
export declare function formatMoney(value: string | number | null | undefined): string;
export declare function formatCount(value: string | number | null | undefined): string;
export declare function formatAge(seconds: number | null | undefined): string;
export declare function formatDelay(ms: number | null | undefined): string;
export declare function formatMoneyShort(value: string | number): string;
