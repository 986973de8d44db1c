type Line = Readonly<{ productId: string; quantity: number }>;

/**
 * One line per product (quantities summed), ordered by product id: every adapter reserves and
 * refuses in this order, so all of them name the same product when several fall short.
 */
export function mergeStockLines(lines: readonly Line[]): { productId: string; quantity: number }[] {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.productId, (totals.get(line.productId) ?? 0) + line.quantity);
  return [...totals]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([productId, quantity]) => ({ productId, quantity }));
}
