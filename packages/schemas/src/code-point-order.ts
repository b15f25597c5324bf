/** Plain code-point order for sorting names: the same on every machine, unlike localeCompare. */
export const compareCodePoints = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
