/** Identifier checks for path and query values. */
import { randomUUID } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function newId(): string {
  return randomUUID();
}

/** UUIDs are stored lowercase; clients may send any case. */
export function normalizeUuid(value: string): string {
  return value.toLowerCase();
}
