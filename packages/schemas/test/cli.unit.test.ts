import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractFixture, eventSchema, type ContractFixture } from './contract-fixture.ts';

const cli = join(import.meta.dirname, '..', 'src', 'cli.ts');

interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

describe('schemas CLI', () => {
  let fixture: ContractFixture;
  beforeAll(async () => {
    fixture = await createContractFixture();
  });
  afterAll(async () => {
    await fixture.remove();
  });

  const run = async (command: string): Promise<CliResult> => {
    const { schemas, released, generated } = fixture.paths;
    const args = [
      '--import',
      'tsx',
      cli,
      command,
      '--schemas',
      schemas,
      '--released',
      released,
      '--out',
      generated,
    ];
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, args);
      return { exitCode: 0, stdout, stderr };
    } catch (error) {
      const failure = error as { code: number; stdout: string; stderr: string };
      return { exitCode: failure.code, stdout: failure.stdout, stderr: failure.stderr };
    }
  };

  it('fails check with every problem and what to do, then passes after codegen and release', async () => {
    const fields = [{ name: 'sku', type: 'string' }];
    await fixture.writeCurrent(
      'inventory',
      'StockReserved',
      eventSchema('inventory', 'StockReserved', fields),
    );

    const stale = await run('check');
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toContain('schemas check: 2 problems');
    expect(stale.stderr).toContain(`${join(fixture.paths.generated, 'inventory.ts')} is missing`);
    expect(stale.stderr).toContain('what to do: Run `npm run schemas -- codegen`');

    expect((await run('codegen')).exitCode).toBe(0);
    // release runs the whole check first, so this also proves check passes now.
    const release = await run('release');
    expect(release.exitCode).toBe(0);
    expect(release.stdout).toContain(
      `froze inventory/StockReserved v1 -> ${join(fixture.paths.released, 'inventory', 'StockReserved.v1.avsc')}`,
    );

    await fixture.writeCurrent(
      'inventory',
      'StockReserved',
      eventSchema('inventory', 'StockReserved', [{ name: 'sku', type: 'long' }]),
    );
    const breaking = await run('release');
    expect(breaking.exitCode).toBe(1);
    expect(breaking.stderr).toContain('field "sku" changed type from string to long');
    expect(breaking.stderr).toContain('Nothing was frozen.');
  }, 30_000);
});
