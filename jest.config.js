/** Jest projects: unit (pure logic, no I/O but in-memory), integration (real SQLite/PostgreSQL,
 * real MQTT brokers, real ptys), e2e (processes started as a user starts them), fuzz (generated
 * hostile input against codecs, payload schemas and a real central server), browser (the
 * dashboard in Chromium), chaos (e2e under faults). */
const moduleNameMapper = {
  '^@lobby/(contracts|runtime|platform|fleet|access|devices|edge|calendar|alerting|checklists)$': '<rootDir>/libs/$1/src',
};
const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  moduleNameMapper,
  transform: { '^.+\\.ts$': 'ts-jest' },
};
module.exports = {
  // A global option: per-project testTimeout is ignored by Jest 29. Unit tests are fast anyway.
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    // Property-based hostile input (fast-check); an unhandled rejection anywhere fails the file.
    {
      ...base,
      displayName: 'fuzz',
      testMatch: ['<rootDir>/test/fuzz/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/fuzz/support/no-unhandled-rejections.ts'],
    },
    // The dashboard in Debian's Chromium against the real server (`npm run test:browser` builds it first).
    { ...base, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'] },
    // Fault injection (`npm run test:chaos`): the e2e programs under load while processes,
    // brokers, databases, cables and disks fail; writes chaos-results/report.{json,md}.
    { ...base, displayName: 'chaos', testMatch: ['<rootDir>/test/chaos/**/*.test.ts'], globalSetup: '<rootDir>/test/chaos/support/global-setup.ts' },
  ],
};
