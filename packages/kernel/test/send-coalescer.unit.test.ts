import { describe, expect, it } from 'vitest';
import { SendCoalescer } from '../src/client/send-coalescer.ts';

/** A send that stays in flight until the test lets it go, recording what each send carried. */
const controlledSend = () => {
  const sends: string[][] = [];
  const pending: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  const sendAll = (messages: string[]) => {
    sends.push(messages);
    return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  };
  const settle = async (outcome: 'ok' | Error) => {
    const next = pending.shift();
    if (!next) throw new Error('no send in flight');
    if (outcome === 'ok') next.resolve();
    else next.reject(outcome);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { sends, sendAll, settle };
};

describe('SendCoalescer', () => {
  it('sends a lone message at once', () => {
    const { sends, sendAll } = controlledSend();
    void new SendCoalescer(sendAll).send('a');
    expect(sends).toEqual([['a']]);
  });

  it('sends what arrives during a send together in the next, in arrival order', async () => {
    const { sends, sendAll, settle } = controlledSend();
    const coalescer = new SendCoalescer(sendAll);
    const sent = ['a', 'b', 'c', 'd'].map((m) => coalescer.send(m));
    expect(sends).toEqual([['a']]);
    await settle('ok');
    expect(sends).toEqual([['a'], ['b', 'c', 'd']]);
    await settle('ok');
    await expect(Promise.all(sent)).resolves.toEqual([undefined, undefined, undefined, undefined]);
  });

  it('fails exactly the callers of a failed send, and goes on with the next', async () => {
    const { sends, sendAll, settle } = controlledSend();
    const coalescer = new SendCoalescer(sendAll);
    // Each outcome is observed as it happens (allSettled), not after the fact.
    const first = Promise.allSettled([coalescer.send('a')]);
    const second = Promise.allSettled([coalescer.send('b'), coalescer.send('c')]);
    await settle('ok');
    const third = Promise.allSettled([coalescer.send('d')]);
    await settle(new Error('broker gone'));
    await settle('ok');
    expect((await first).map((r) => r.status)).toEqual(['fulfilled']);
    const failed = await second;
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(failed[0]).toMatchObject({ reason: new Error('broker gone') });
    expect((await third).map((r) => r.status)).toEqual(['fulfilled']);
    expect(sends).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('splits a crowd into sends of at most maxMessages', async () => {
    const { sends, sendAll, settle } = controlledSend();
    const coalescer = new SendCoalescer(sendAll, 2);
    const sent = ['a', 'b', 'c', 'd', 'e'].map((m) => coalescer.send(m));
    await settle('ok');
    await settle('ok');
    await settle('ok');
    await Promise.all(sent);
    expect(sends).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });
});
