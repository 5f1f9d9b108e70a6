/**
 * The last step before text reaches a terminal or a log file: credentials redacted (`redact`),
 * then control characters neutralised (`printable`). The CLI writes everything through it.
 */
import { Writable } from 'node:stream';
import { redact } from './redaction';
import { printable } from './terminalText';

/** Text as it may be shown: no credentials, no terminal control sequences. */
export function safeText(text: string): string {
  return printable(redact(text));
}

/**
 * A stream that writes `safeText` of everything written to it into `target`. Each write is
 * treated whole, so callers write whole messages (a secret split across two writes would pass).
 */
export function safeStream(target: NodeJS.WritableStream): NodeJS.WritableStream {
  const s = new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, done) {
      // Forwarded at once, so that what a command wrote is there when it returns.
      target.write(safeText(typeof chunk === 'string' ? chunk : chunk.toString('utf8')));
      done();
    },
  });
  // Whoever writes through it may ask whether the output is a terminal, and how wide.
  Object.assign(s, { isTTY: (target as { isTTY?: boolean }).isTTY, columns: (target as { columns?: number }).columns });
  return s;
}
