/** A response body that is JSON text already (built by SQLite); sent as is. */
export class RawJson {
  constructor(readonly text: string) {}
}
