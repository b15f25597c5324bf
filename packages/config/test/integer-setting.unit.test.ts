import { describe, expect, it } from 'vitest';
import { ConfigurationError, integerSetting, portSetting } from '../src/index.ts';

const spec = { default: 250, min: 1, max: 10_000 };

describe('integerSetting', () => {
  it('gives the default when the variable is unset or blank', () => {
    expect(integerSetting('POLL_MS', spec, {})).toBe(250);
    expect(integerSetting('POLL_MS', spec, { POLL_MS: '  ' })).toBe(250);
  });

  it('reads a whole number within the bounds, surrounding spaces allowed', () => {
    expect(integerSetting('POLL_MS', spec, { POLL_MS: ' 1000 ' })).toBe(1000);
    expect(integerSetting('POLL_MS', spec, { POLL_MS: '1' })).toBe(1);
    expect(integerSetting('POLL_MS', spec, { POLL_MS: '10000' })).toBe(10_000);
  });

  it.each(['30s', '1.5', '1e3', '0x10', 'NaN', '0', '10001', '-5'])(
    'refuses %j, naming the variable and its bounds',
    (text) => {
      const read = () => integerSetting('POLL_MS', spec, { POLL_MS: text });
      expect(read).toThrow(ConfigurationError);
      expect(read).toThrow(`POLL_MS: an integer from 1 to 10000, got "${text}"`);
    },
  );
});

describe('portSetting', () => {
  it('allows 0 (a free port) up to 65535 and nothing else', () => {
    expect(portSetting('HTTP_PORT', 8081, {})).toBe(8081);
    expect(portSetting('HTTP_PORT', 8081, { HTTP_PORT: '0' })).toBe(0);
    expect(() => portSetting('HTTP_PORT', 8081, { HTTP_PORT: '65536' })).toThrow(
      'HTTP_PORT: an integer from 0 to 65535, got "65536"',
    );
  });
});
