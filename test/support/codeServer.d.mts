import type { ChildProcess } from 'node:child_process';
import type { Browser, BrowserType } from 'playwright-core';

export const CODE_SERVER_PACKAGE: string;
export const CODE_SERVER: string;
export const CHROMIUM: string;
export const USER_SETTINGS: Readonly<Record<string, unknown>>;

export function missingPrerequisites(): string[];
export function codeServerVersion(): string;
export function codeServerArgs(userData: string, extensions: string): string[];

export interface RunningCodeServer {
  child: ChildProcess;
  port: number;
  origin: string;
  log(): string;
  stop(): void;
}

export function startCodeServer(options: {
  userData: string;
  extensions: string;
  folder?: string;
  env?: Record<string, string>;
}): Promise<RunningCodeServer>;

export function launchChromium(chromium: BrowserType): Promise<Browser>;
