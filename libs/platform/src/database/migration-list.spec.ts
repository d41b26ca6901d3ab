import { MigrationInterface } from 'typeorm';
import { composeMigrations, MigrationClass, PLATFORM_MIGRATIONS } from './migration-list';

const migration = (name: string): MigrationClass => {
  const named = { [name]: class implements MigrationInterface { up = async (): Promise<void> => undefined; down = async (): Promise<void> => undefined; } };
  return named[name];
};

describe(composeMigrations.name, () => {
  it('merges the libs\' lists in timestamp order, whatever order they come in', () => {
    const a = migration('Fleet1764662400000');
    const b = migration('Alerting1764403200004');
    const c = migration('Access1764835200000');
    expect(composeMigrations([a, c], [b], PLATFORM_MIGRATIONS.slice(0, 1)).map((m) => m.name)).toEqual([
      'InitialSchema1764316800000',
      'Alerting1764403200004',
      'Fleet1764662400000',
      'Access1764835200000',
    ]);
  });

  it('refuses two migrations with one timestamp and a name without one', () => {
    expect(() => composeMigrations([migration('One1765000005000')], [migration('Two1765000005000')])).toThrow(/share the timestamp 1765000005000/);
    expect(() => composeMigrations([migration('NoTimestamp')])).toThrow(/13-digit timestamp/);
  });
});
