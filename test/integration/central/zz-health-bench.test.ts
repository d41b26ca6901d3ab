import { TestCentral } from '../../support/test-central';

async function measure(env: Record<string, string>): Promise<{ p50: number; p90: number; guesses: number; codes: Record<number, number> }> {
  const central = await new TestCentral({ env }).start();
  let running = true;
  let guesses = 0;
  const codes: Record<number, number> = {};
  const guessers = Array.from({ length: 20 }, async (_, i) => {
    while (running) {
      const r = await central.http.post('/api/auth/login', { username: i % 2 ? 'admin' : `guess-${i}`, password: `wrong-${Math.random()}` });
      codes[r.status] = (codes[r.status] ?? 0) + 1;
      guesses++;
    }
  });
  await new Promise((r) => setTimeout(r, 1000));
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    await central.http.get('/api/health');
    times.push(performance.now() - t);
  }
  running = false;
  await Promise.all(guessers);
  await central.stop();
  times.sort((a, b) => a - b);
  return { p50: times[7], p90: times[13], guesses, codes };
}

it('health p50 with 20 guessers', async () => {
  const after = await measure({});
  console.log(JSON.stringify({ after }));
  const before = await measure({ LOGIN_MAX_FAILURES: '1000', LOGIN_IP_MAX_FAILURES: '10000' });
  console.log(JSON.stringify({ before }));
}, 120_000);
