/** The version of this package, from package.json: what `--version` and the language server's serverInfo say. */
import { version } from '../package.json';

export const PRODUCT_VERSION: string = version;
