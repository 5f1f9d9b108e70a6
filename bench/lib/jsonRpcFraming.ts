/**
 * The base protocol of the Language Server Protocol: JSON-RPC messages framed by a
 * `Content-Length` header. Kept apart from the client so that it can be tested and reused on
 * any byte stream.
 */

/** Frames one message for the wire. */
export function encodeMessage(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

/**
 * Collects chunks from a stream and hands out whole messages. Chunks are kept in a list and
 * joined only once a message is complete, so that a large message (a 50,000-member file sent
 * back in a response) is not copied over and over while it arrives.
 */
export class MessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Body length of the message being read, once its header is known. */
  private bodyLength: number | undefined;

  constructor(private readonly onMessage: (message: unknown) => void) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.bodyLength === undefined) {
        const all = this.joined();
        const headerEnd = all.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const header = all.subarray(0, headerEnd).toString('ascii');
        const match = /^content-length:\s*(\d+)\s*$/im.exec(header);
        if (!match) {
          throw new Error(`Malformed message header from the server (no Content-Length): ${JSON.stringify(header.slice(0, 200))}`);
        }
        this.bodyLength = Number(match[1]);
        this.replace(all.subarray(headerEnd + 4));
      }
      if (this.buffered < this.bodyLength) return;
      const all = this.joined();
      const body = all.subarray(0, this.bodyLength);
      this.replace(all.subarray(this.bodyLength));
      this.bodyLength = undefined;
      this.onMessage(JSON.parse(body.toString('utf8')));
    }
  }

  private joined(): Buffer {
    if (this.chunks.length !== 1) this.replace(Buffer.concat(this.chunks, this.buffered));
    return this.chunks[0];
  }

  private replace(rest: Buffer): void {
    this.chunks = [rest];
    this.buffered = rest.length;
  }
}
