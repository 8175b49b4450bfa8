/**
 * One side of the lit order book as aggregated price levels: per level price (ticks), total resting
 * quantity (shares) and number of orders. Levels are kept in a sorted array with the best level
 * last, so the frequent changes near the touch splice the end of the array.
 */

/**
 * Price levels of one side (bids or offers). Prices are integer ticks (> 0), quantities shares.
 * `add`/`remove` find the level by binary search: O(log L) plus an O(L) splice only when a level
 * appears or empties. The owner keeps each order's price and leaves; this class trusts them.
 */
export class PriceLevels {
  /** Sort keys ascending, best last: the price for bids, minus the price for offers. */
  private readonly keys: number[] = [];
  private readonly qty: number[] = [];
  private readonly count: number[] = [];
  private readonly sign: 1 | -1;
  private orders = 0;

  /** `bids` true for the buy side (best = highest price), false for offers (best = lowest). */
  constructor(bids: boolean) {
    this.sign = bids ? 1 : -1;
  }

  /** Best price in ticks, 0 when the side is empty. */
  best(): number {
    const k = this.keys[this.keys.length - 1];
    return k === undefined ? 0 : this.sign * k;
  }

  /** Total resting quantity (shares) at `priceTicks`, 0 when there is no such level. */
  qtyAt(priceTicks: number): number {
    const i = this.find(this.sign * priceTicks);
    return i >= 0 ? (this.qty[i] ?? 0) : 0;
  }

  /** Number of price levels. */
  get levelCount(): number {
    return this.keys.length;
  }

  /** Number of resting orders on this side. */
  get orderCount(): number {
    return this.orders;
  }

  /** Rests one order of `qty` shares at `priceTicks` (creating the level if needed). */
  add(priceTicks: number, qty: number): void {
    const key = this.sign * priceTicks;
    const i = this.find(key);
    this.orders++;
    if (i >= 0) {
      this.qty[i] = (this.qty[i] ?? 0) + qty;
      this.count[i] = (this.count[i] ?? 0) + 1;
      return;
    }
    const at = -i - 1;
    if (at === this.keys.length) {
      this.keys.push(key);
      this.qty.push(qty);
      this.count.push(1);
    } else {
      this.keys.splice(at, 0, key);
      this.qty.splice(at, 0, qty);
      this.count.splice(at, 0, 1);
    }
  }

  /** Takes one order of `qty` shares out of the level at `priceTicks` (dropping it when empty). */
  remove(priceTicks: number, qty: number): void {
    const i = this.find(this.sign * priceTicks);
    if (i < 0) return;
    this.orders--;
    const left = (this.count[i] ?? 0) - 1;
    if (left > 0) {
      this.count[i] = left;
      this.qty[i] = (this.qty[i] ?? 0) - qty;
      return;
    }
    if (i === this.keys.length - 1) {
      this.keys.pop();
      this.qty.pop();
      this.count.pop();
    } else {
      this.keys.splice(i, 1);
      this.qty.splice(i, 1);
      this.count.splice(i, 1);
    }
  }

  /** Changes the quantity of one resting order at `priceTicks` by `deltaQty` shares (same level). */
  change(priceTicks: number, deltaQty: number): void {
    const i = this.find(this.sign * priceTicks);
    if (i >= 0) this.qty[i] = (this.qty[i] ?? 0) + deltaQty;
  }

  /** Index of `key`, or −(insertion point) − 1 when absent. Searches from the best end first. */
  private find(key: number): number {
    const keys = this.keys;
    let hi = keys.length - 1;
    const last = keys[hi];
    if (last === undefined || key > last) return -keys.length - 1;
    if (key === last) return hi;
    let lo = 0;
    hi--;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid] as number;
      if (k < key) lo = mid + 1;
      else if (k > key) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }
}
