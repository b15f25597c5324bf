import { ConfigurationError } from './endpoints.ts';

/** Bounds and default of one integer environment variable. */
export interface IntegerSettingSpec {
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/**
 * An integer environment variable, or its default when unset or blank. Anything else that is
 * not a whole number within the bounds throws, naming the variable, so a typo such as `30s`
 * stops the process at start instead of surfacing later as a NaN (a breaker that never opens,
 * a deadline that never fires, a port of 0).
 */
export const integerSetting = (
  name: string,
  spec: IntegerSettingSpec,
  env: NodeJS.ProcessEnv = process.env,
): number => {
  const text = env[name]?.trim();
  if (!text) return spec.default;
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || value < spec.min || value > spec.max)
    throw new ConfigurationError(
      `${name}: an integer from ${String(spec.min)} to ${String(spec.max)}, got "${text}"`,
    );
  return value;
};

/** A TCP port variable: 0 lets the system choose (tests), otherwise 1 to 65535. */
export const portSetting = (
  name: string,
  defaultPort: number,
  env: NodeJS.ProcessEnv = process.env,
): number => integerSetting(name, { default: defaultPort, min: 0, max: 65_535 }, env);
