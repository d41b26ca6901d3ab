import { TestCentral } from '../../support/test-central';

/** Ctrl-C / SIGTERM must finish promptly while dashboards hold Server-Sent Event streams open. */
describe('shutdown with SSE clients connected', () => {
  it('closes the server within seconds and ends each stream cleanly', async () => {
    const central = await new TestCentral().start();
    const token = (central.admin as unknown as { token: string }).token;
    const aborts: AbortController[] = [];
    const streams = await Promise.all(
      [0, 1, 2].map(async () => {
        const abort = new AbortController();
        aborts.push(abort);
        const response = await fetch(`${central.server.httpUrl}/api/stream?access_token=${token}`, { signal: abort.signal });
        const reader = response.body!.getReader();
        let text = '';
        while (!text.includes('event: ready')) text += new TextDecoder().decode((await reader.read()).value);
        return reader;
      }),
    );
    // Each stream must end with a normal end of body (done), not a reset.
    const ends = streams.map(async (reader) => {
      for (;;) if ((await reader.read()).done) return 'ended';
    });
    const started = Date.now();
    const outcome = await Promise.race([
      central.stop().then(() => 'closed'),
      new Promise<string>((resolve) => setTimeout(() => resolve('still open after 5 s'), 5_000)),
    ]);
    try {
      expect(outcome).toBe('closed');
      expect(Date.now() - started).toBeLessThan(5_000);
      await expect(Promise.all(ends)).resolves.toEqual(['ended', 'ended', 'ended']);
    } finally {
      aborts.forEach((abort) => abort.abort()); // lets a hung close finish, so the run ends
      await Promise.allSettled(ends);
    }
  });
});
