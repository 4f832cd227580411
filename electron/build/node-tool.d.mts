import type { SpawnSyncOptions, SpawnSyncReturns } from 'node:child_process';

/** Runs a Node script with the given Node, without a shell. */
export function runNodeTool(node: string, script: string, args: string[], options?: SpawnSyncOptions): SpawnSyncReturns<Buffer | string>;
