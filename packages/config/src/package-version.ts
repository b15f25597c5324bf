import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The version in the package.json nearest above `module` (a module's `import.meta.url`, or a
 * path): what a process reports on /healthz, /readyz and in its OpenAPI document. Read from the
 * file rather than `npm_package_version`, which only `npm run` sets (and then to the version of
 * whichever package npm ran, the workspace root for `npm start`): a process started by plain
 * `node` or `tsx`, as an orchestrator does, would otherwise report a made-up version.
 */
export const packageVersion = (module: string | URL): string => {
  const file =
    typeof module === 'string' && !module.startsWith('file:') ? module : fileURLToPath(module);
  let directory = path.dirname(path.resolve(file));
  for (;;) {
    const version = versionIn(path.join(directory, 'package.json'));
    if (version !== undefined) return version;
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`no package.json with a version above ${file}`);
    directory = parent;
  }
};

const versionIn = (manifest: string): string | undefined => {
  let text: string;
  try {
    text = readFileSync(manifest, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const { version } = JSON.parse(text) as { version?: unknown };
  // A package.json without a version (a workspace folder's) is not the package's: look higher.
  return typeof version === 'string' && version.length > 0 ? version : undefined;
};
