import { DataSource } from 'typeorm';
import { isNewer, newerStatusSql } from './status-order';

describe('status order', () => {
  const cases: [string, number, number, number | null, number | null, boolean][] = [
    ['nothing held', 10, 1, null, null, true],
    ['later ts', 11, 1, 10, 5, true],
    ['earlier ts, higher seq', 9, 9, 10, 5, false],
    ['same ts, higher seq', 10, 6, 10, 5, true],
    ['same ts, same seq', 10, 5, 10, 5, false],
    ['same ts, lower seq', 10, 4, 10, 5, false],
    ['same ts, no seq held', 10, 0, 10, null, true],
  ];

  it.each(cases)('in code: %s', (_name, ts, seq, heldTs, heldSeq, newer) => {
    expect(isNewer(ts, seq, heldTs, heldSeq)).toBe(newer);
  });

  it('in SQL (SQLite): the same answer for every case', async () => {
    const db = await new DataSource({ type: 'sqlite', database: ':memory:' }).initialize();
    try {
      for (const [name, ts, seq, heldTs, heldSeq, newer] of cases) {
        const rows: unknown[] = await db.query(
          `SELECT 1 AS newer FROM (SELECT ? AS live_ts, ? AS live_seq) AS d, (SELECT ? AS ts, ? AS seq) AS v WHERE ${newerStatusSql('d', 'v')}`,
          [heldTs, heldSeq, ts, seq],
        );
        expect({ name, newer: rows.length === 1 }).toEqual({ name, newer });
      }
    } finally {
      await db.destroy();
    }
  });
});
