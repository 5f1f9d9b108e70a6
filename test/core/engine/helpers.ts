import { Diagnostic } from 'vscode-languageserver-types';

/** `line:char-line:char` (0-based), compact enough for tables. */
export function r(d: Diagnostic): string {
  return `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
}

export function summary(ds: Diagnostic[]): string[] {
  return ds.map((d) => `${d.code}@${r(d)}`);
}

/** A valid file to start cases from: one admin, a description. */
export const VALID = `id: fraud-detection
name: Fraud Detection
description: Detect fraudulent card transactions
members:
  - user: alice@acme.com
    role: admin
`;
