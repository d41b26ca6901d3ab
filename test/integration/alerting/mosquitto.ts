// Moved to test/support so the benchmarks can start one too.
export * from '../../support/mosquitto';
