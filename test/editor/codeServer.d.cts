// Types of codeServer.cjs (plain CommonJS so the code-server-exec script can load it without a build).
import type { ChildProcess } from 'node:child_process';
import type { BrowserContext, ConsoleMessage, LaunchOptions, Page } from 'playwright-core';

export const CODE_SERVER_VERSION: string;

export interface Profile {
  userDir: string;
  extensionsDir: string;
  /** XDG_CONFIG_HOME, XDG_DATA_HOME and XDG_CACHE_HOME inside the profile. */
  xdg: Record<string, string>;
}

export interface CodeServer {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  child: ChildProcess;
  /** Settles with a description when code-server exits. */
  exit: Promise<string>;
  /** Ends code-server and everything it started. */
  stop(): Promise<void>;
}

export function codeServerEntry(): string;
export function chromiumPath(): string;
export function makeProfile(root: string): Profile;
export function installExtension(vsix: string, profile: Profile): string[];
export function startCodeServer(options: { profile: Profile; logPath: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CodeServer>;
export function launchChromium(profile: Profile, options?: Omit<LaunchOptions, 'executablePath' | 'headless' | 'args'> & Record<string, unknown>): Promise<BrowserContext>;
export function consoleText(msg: ConsoleMessage): Promise<string | undefined>;
export function forwardConsole(page: Page, write: (text: string) => void): () => Promise<void>;
export function tail(file: string, lines?: number): string;
