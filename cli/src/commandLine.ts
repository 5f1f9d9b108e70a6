/** A small parser for the CLI's `--flag value` / `--flag=value` / `--switch` arguments. */
import { UsageError } from './projectFileTargets';

export interface Parsed {
  positional: string[];
  values: Map<string, string>;
  switches: Set<string>;
}

export function parseArgs(args: string[], valueFlags: string[], switchFlags: string[]): Parsed {
  const parsed: Parsed = { positional: [], values: new Map(), switches: new Set() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-') || a === '-') {
      parsed.positional.push(a);
      continue;
    }
    const [flag, inline] = a.split(/=(.*)/s, 2);
    if (valueFlags.includes(flag)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value.`);
      parsed.values.set(flag, value);
    } else if (switchFlags.includes(flag) && inline === undefined) parsed.switches.add(flag);
    else throw new UsageError(`unknown option '${a}'.`);
  }
  return parsed;
}
