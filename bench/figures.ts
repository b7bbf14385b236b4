/** The figures every benchmark reports of its rounds: the median, the range, ratios to two decimals. */

export const round2 = (x: number) => Math.round(x * 100) / 100;

/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The smallest and largest value, rounded (whole numbers unless told). */
export function range(xs: readonly number[], round: (x: number) => number = Math.round) {
  return { min: round(Math.min(...xs)), max: round(Math.max(...xs)) };
}
