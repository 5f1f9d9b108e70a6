/**
 * Backoff for password guessing, per account and per client (the caller's address), kept in
 * memory. A few failures are free (typos); after that each failure doubles the wait before the
 * next attempt, up to a cap, and attempts during the wait are answered 429 with `Retry-After`
 * (as ZenML's server rate-limits its login) without checking the password — so a guess costs the
 * guesser time and the server no password hash.
 *
 * No lock-out is permanent: every wait ends by itself (at most `maxDelayMs`), a success clears
 * the account's and the client's record, failures are forgotten after `forgetAfterMs` without
 * one, and a client that has not failed itself may still try an account that others are
 * guessing — so the real user is not shut out by someone guessing from elsewhere.
 */

export interface ThrottleOptions {
  /** Failures before any wait: per account, and per client (which may mistype several accounts). */
  freeAccountFailures: number;
  freeClientFailures: number;
  /** The first wait, doubled with each further failure, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A record with no failure for this long is forgotten. */
  forgetAfterMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  freeAccountFailures: 5,
  freeClientFailures: 10,
  baseDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  forgetAfterMs: 15 * 60_000,
};

interface Record {
  failures: number;
  /** No attempt before this time (ms since the epoch). */
  blockedUntil: number;
  lastFailure: number;
}

/** Bounded so that a flood of made-up names cannot grow it without end. */
const MAX_RECORDS = 10_000;

export class LoginThrottle {
  private readonly accounts = new Map<string, Record>();
  private readonly clients = new Map<string, Record>();
  /** Clients that failed on an account: `${account}\n${client}`. */
  private readonly tried = new Map<string, number>();

  constructor(
    private readonly options: ThrottleOptions = DEFAULT_THROTTLE,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Starts an attempt of `client` on `account`: the seconds to wait (for `Retry-After`) when it
   * must not try now, else undefined — and the attempt counts as a failure until `succeeded`
   * says otherwise, so that concurrent guesses cannot all slip in before the first one fails.
   * `account` is undefined for API-key logins, throttled per client only.
   */
  attempt(account: string | undefined, client: string): number | undefined {
    const wait = this.waitSeconds(account, client);
    if (wait === undefined) this.failed(account, client);
    return wait;
  }

  private waitSeconds(account: string | undefined, client: string): number | undefined {
    const now = this.clock();
    const c = this.live(this.clients, client, now);
    let until = c && c.failures >= this.options.freeClientFailures ? c.blockedUntil : 0;
    if (account !== undefined) {
      const a = this.live(this.accounts, account, now);
      // The account's backoff holds back the clients that took part in guessing it.
      if (a && a.failures >= this.options.freeAccountFailures && this.tried.has(`${account}\n${client}`)) until = Math.max(until, a.blockedUntil);
    }
    return until > now ? Math.ceil((until - now) / 1000) : undefined;
  }

  private failed(account: string | undefined, client: string): void {
    const now = this.clock();
    this.bump(this.clients, client, this.options.freeClientFailures, now);
    if (account !== undefined) {
      this.bump(this.accounts, account, this.options.freeAccountFailures, now);
      const key = `${account}\n${client}`;
      this.tried.delete(key);
      this.tried.set(key, now);
      if (this.tried.size > MAX_RECORDS) this.tried.delete(this.tried.keys().next().value!);
    }
  }

  /** The attempt succeeded: the account's and the client's records are cleared. */
  succeeded(account: string | undefined, client: string): void {
    this.clients.delete(client);
    if (account !== undefined) {
      this.accounts.delete(account);
      for (const key of this.tried.keys()) if (key.startsWith(`${account}\n`)) this.tried.delete(key);
    }
  }

  private live(map: Map<string, Record>, key: string, now: number): Record | undefined {
    const r = map.get(key);
    if (r && now - r.lastFailure > this.options.forgetAfterMs && now >= r.blockedUntil) {
      map.delete(key);
      return undefined;
    }
    return r;
  }

  private bump(map: Map<string, Record>, key: string, free: number, now: number): void {
    const r = this.live(map, key, now) ?? { failures: 0, blockedUntil: 0, lastFailure: now };
    r.failures++;
    r.lastFailure = now;
    if (r.failures >= free) {
      const delay = Math.min(this.options.baseDelayMs * 2 ** (r.failures - free), this.options.maxDelayMs);
      r.blockedUntil = now + delay;
    }
    map.delete(key);
    map.set(key, r);
    if (map.size > MAX_RECORDS) map.delete(map.keys().next().value!);
  }
}
