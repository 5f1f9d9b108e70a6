/**
 * Entries by a key (a subject, a role). Almost every key has exactly one entry, so a key holds
 * its entry directly and only grows a Set when a second arrives: at 50,000 members a Set per key
 * would be most of the server's memory.
 */
export class RefIndex<R> {
  private readonly map = new Map<string, R | Set<R>>();

  add(key: string, ref: R): void {
    const cur = this.map.get(key);
    if (cur === undefined) this.map.set(key, ref);
    else if (cur instanceof Set) cur.add(ref);
    else this.map.set(key, new Set([cur, ref]));
  }

  remove(key: string, ref: R): void {
    const cur = this.map.get(key);
    if (cur === undefined) return;
    if (cur instanceof Set) {
      cur.delete(ref);
      if (cur.size === 1) this.map.set(key, cur.values().next().value as R);
      else if (cur.size === 0) this.map.delete(key);
    } else if (cur === ref) this.map.delete(key);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  count(key: string): number {
    const cur = this.map.get(key);
    return cur === undefined ? 0 : cur instanceof Set ? cur.size : 1;
  }

  refs(key: string): R[] {
    const cur = this.map.get(key);
    return cur === undefined ? [] : cur instanceof Set ? [...cur] : [cur];
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  *entries(): IterableIterator<[string, R[]]> {
    for (const key of this.map.keys()) yield [key, this.refs(key)];
  }
}
