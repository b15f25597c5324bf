import { describe, expect, it } from 'vitest';
import { spawnCommandService } from '../support/command-service-process.ts';

interface Readiness {
  status: number;
  checks: { name: string; status: string; error?: string }[];
}

const readiness = async (url: string): Promise<Readiness | undefined> => {
  try {
    const response = await fetch(`${url}/readyz`);
    const body = (await response.json()) as { checks?: Readiness['checks'] };
    return { status: response.status, checks: body.checks ?? [] };
  } catch {
    return undefined; // the process is already gone
  }
};

describe('a command service whose saga cannot run', () => {
  it('fails readiness naming the stopped policy, then exits 1, instead of staying up without its saga', async () => {
    // Payments alone: its policy waits for orders' events topic, which nobody creates in the
    // file's Kafka namespace (e2e/support/file-kafka-namespace.ts).
    const payments = await spawnCommandService('payments', { ORDERFLOW_TOPIC_WAIT_MS: '2000' });
    const before = await readiness(payments.url);
    expect(before?.status).toBe(200);
    expect(before?.checks.map((check) => check.name)).toContain('policy:payments.on-orders');

    let failing: Readiness | undefined;
    const end = Date.now() + 60_000;
    while (!failing && Date.now() < end) {
      const answer = await readiness(payments.url);
      if (!answer) break;
      if (answer.status === 503) failing = answer;
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(
      failing?.checks.find((check) => check.name === 'policy:payments.on-orders'),
    ).toMatchObject({
      status: 'failing',
      error: expect.stringMatching(/^stopped: topics .*orders\.events/) as unknown,
    });
    expect(failing?.checks.find((check) => check.name === 'command-processor')?.status).toBe('ok');

    const code = await Promise.race([
      payments.exited,
      new Promise((resolve) =>
        setTimeout(() => {
          resolve('still running');
        }, 60_000),
      ),
    ]);
    expect(code).toBe(1);
  });
});
