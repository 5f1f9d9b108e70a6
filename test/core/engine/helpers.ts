import { Diagnostic } from 'vscode-languageserver-types';
import { TEACHING_CODES } from '../../../common/diagnosticCodes';

/** `line:char-line:char` (0-based), compact enough for tables. */
export function r(d: Diagnostic): string {
  return `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
}

export function summary(ds: Diagnostic[]): string[] {
  return ds.map((d) => `${d.code}@${r(d)}`);
}

/** The diagnostics without the teaching checks' advice, for tables about something else (teaching.test.ts has theirs). */
export function withoutAdvice(ds: Diagnostic[]): Diagnostic[] {
  return ds.filter((d) => !(TEACHING_CODES as readonly unknown[]).includes(d.code));
}

/** A valid file to start cases from: one admin, a description. */
export const VALID = `id: fraud-detection
name: Fraud Detection
description: Detect fraudulent card transactions
members:
  - user: alice@acme.com
    role: admin
`;
