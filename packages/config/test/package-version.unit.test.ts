import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { packageVersion } from '../src/index.ts';

const saved = process.env.npm_package_version;
afterEach(() => {
  if (saved === undefined) delete process.env.npm_package_version;
  else process.env.npm_package_version = saved;
});

/** A package at 2.3.4 with a folder below it whose package.json has no version. */
const fixture = () => {
  const root = mkdtempSync(path.join(tmpdir(), 'package-version-'));
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'p', version: '2.3.4' }));
  const nested = path.join(root, 'src', 'deep');
  mkdirSync(nested, { recursive: true });
  writeFileSync(path.join(root, 'src', 'package.json'), JSON.stringify({ type: 'module' }));
  return { root, module: path.join(nested, 'main.ts') };
};

describe('packageVersion', () => {
  it("reads the nearest package.json that has a version, not npm's environment", () => {
    process.env.npm_package_version = '9.9.9';
    const { module } = fixture();
    expect(packageVersion(pathToFileURL(module).href)).toBe('2.3.4');
    expect(packageVersion(pathToFileURL(module))).toBe('2.3.4');
    expect(packageVersion(module)).toBe('2.3.4');
  });

  it("gives this package's own version for one of its modules", () => {
    const manifest = path.resolve(import.meta.dirname, '../package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    expect(packageVersion(import.meta.url)).toBe(version);
  });

  it('fails, naming the module, when no package.json above it has a version', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'no-package-'));
    // The temporary directory sits outside any package (unless a package.json is above /tmp).
    expect(() => packageVersion(path.join(root, 'main.ts'))).toThrow(/no package.json/);
  });

  it('refuses a package.json that is not JSON rather than guessing', () => {
    const { root, module } = fixture();
    writeFileSync(path.join(root, 'src', 'package.json'), '{ not json');
    expect(() => packageVersion(module)).toThrow(SyntaxError);
  });
});
