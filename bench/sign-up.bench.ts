// Sign-up timing: does the answer take longer for a new email (account created) than for
// a taken one (nothing created)? Runs against a server you started (SYNAPSE_URL, default
// http://localhost:3001), alternating the two kinds so drift in machine load hits both.
//   npm run bench:sign-up            (SIGN_UPS=40 per kind by default)
import { randomBytes } from 'node:crypto';
import { ms, summarize } from './support/stats.js';

const baseUrl = process.env.SYNAPSE_URL ?? 'http://localhost:3001';
const rounds = Number(process.env.SIGN_UPS ?? 40);
const password = 'bench password 0123';

async function signUp(email: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, name: 'Bench', company: 'Bench Co' }),
  });
  await response.arrayBuffer();
  if (response.status !== 202) throw new Error(`sign-up answered ${response.status}`);
  return performance.now() - started;
}

const taken = `bench-taken-${randomBytes(4).toString('hex')}@example.test`;
await signUp(taken);
const times = { new: [] as number[], taken: [] as number[] };
for (let round = 0; round < rounds; round += 1) {
  times.new.push(await signUp(`bench-${randomBytes(6).toString('hex')}@example.test`));
  times.taken.push(await signUp(taken));
}
const mean = (samples: number[]) => samples.reduce((sum, value) => sum + value, 0) / samples.length;
for (const [kind, samples] of Object.entries(times)) {
  const s = summarize(samples, 1);
  console.log(`${kind.padEnd(6)} n=${s.count}  p50 ${ms(s.p50)} ms  p95 ${ms(s.p95)} ms  mean ${ms(mean(samples))} ms  min ${ms(Math.min(...samples))} ms`);
}
console.log(`p50 new / taken = ${(summarize(times.new, 1).p50 / summarize(times.taken, 1).p50).toFixed(3)}`);
