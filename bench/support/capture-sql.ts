import pg from 'pg';

/**
 * Preloaded into the benchmarked server (`node --import`): records the SQL that pg
 * sends while the parent asks it to, over the IPC channel. This is how the bench
 * replays exactly the statements Prisma ran, not a hand-written approximation.
 */
export interface CapturedStatement {
  text: string;
  values: unknown[];
}

type Query = (this: pg.Client, ...args: unknown[]) => unknown;

let recording: CapturedStatement[] | undefined;
const original = pg.Client.prototype.query as unknown as Query;

(pg.Client.prototype as unknown as { query: Query }).query = function query(this: pg.Client, ...args: unknown[]) {
  if (recording) {
    const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown];
    const text = typeof config === 'string' ? config : config.text;
    const params = typeof config === 'string' ? values : config.values;
    recording.push({ text, values: Array.isArray(params) ? [...params] : [] });
  }
  return original.apply(this, args);
};

process.on('message', (message: { capture?: 'start' | 'stop' }) => {
  if (message.capture === 'start') {
    recording = [];
    process.send?.({ capture: 'started' });
  } else if (message.capture === 'stop') {
    process.send?.({ capture: 'stopped', statements: recording ?? [] });
    recording = undefined;
  }
});
