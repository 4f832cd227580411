import { spawnSync } from 'node:child_process';

/** Runs a Node script (prebuild-install, node-gyp) with the given Node, without a shell: a shell would split
 *  a Node path with a space in it (C:\Program Files\nodejs\node.exe) into two words. */
export function runNodeTool(node, script, args, options = {}) {
  return spawnSync(node, [script, ...args], { stdio: 'inherit', ...options, shell: false });
}
