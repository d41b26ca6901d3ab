import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Every Prometheus metric of the central server, on its own registry (no globals). */
export class Metrics {
  readonly registry = new Registry();
  readonly messagesReceived = new Counter({
    name: 'lobby_mqtt_messages_received_total',
    help: 'MQTT messages received by the central server, by topic type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly messagesRejected = new Counter({
    name: 'lobby_mqtt_messages_rejected_total',
    help: 'MQTT messages rejected by the central server, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly duplicatesDropped = new Counter({
    name: 'lobby_mqtt_duplicates_dropped_total',
    help: 'Messages dropped because their seq was already seen from that agent',
    registers: [this.registry],
  });
  readonly seqGaps = new Counter({
    name: 'lobby_seq_gap_numbers_total',
    help: 'Sequence numbers skipped by agents when first seen (may be filled by a later replay)',
    registers: [this.registry],
  });
  readonly seqJumps = new Counter({
    name: 'lobby_seq_jumps_total',
    help: 'Absurd forward jumps of an agent seq (treated as a reset, not counted as gaps)',
    registers: [this.registry],
  });
  readonly futureTimestamps = new Counter({
    name: 'lobby_ingest_future_timestamps_total',
    help: 'Statuses and events dated too far ahead of the server clock, clamped to receipt time',
    registers: [this.registry],
  });
  readonly birthDevicesRefused = new Counter({
    name: 'lobby_birth_devices_refused_total',
    help: 'New devices listed in agent births beyond the per-branch limit, refused',
    registers: [this.registry],
  });
  readonly deadLetters = new Counter({
    name: 'lobby_ingest_dead_letters_total',
    help: 'Ingest rows the database refused on their own, set aside in ingest_dead_letter',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly ingestWriteFailures = new Counter({
    name: 'lobby_ingest_write_failures_total',
    help: 'Ingest batches that could not be written (store down or full); kept and retried',
    registers: [this.registry],
  });
  readonly ingestBacklog = new Gauge({
    name: 'lobby_ingest_backlog_rows',
    help: 'Ingest rows received (and not yet acknowledged to the agent) waiting to be written',
    registers: [this.registry],
  });
  readonly ingestStoreWritable = new Gauge({
    name: 'lobby_ingest_store_writable',
    help: '1 while the last ingest write succeeded, 0 while writes fail',
    registers: [this.registry],
  });
  readonly ingestLag = new Histogram({
    name: 'lobby_ingest_lag_seconds',
    help: 'Receive time minus the agent timestamp of live device statuses',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly dbBatchSize = new Histogram({
    name: 'lobby_db_batch_size',
    help: 'Rows written per ingest batch',
    buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
    registers: [this.registry],
  });
  readonly dbBatchSeconds = new Histogram({
    name: 'lobby_db_batch_seconds',
    help: 'Time to write one ingest batch',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly agentsOnline = new Gauge({
    name: 'lobby_agents_online',
    help: 'Edge agents currently online',
    registers: [this.registry],
  });
  readonly devicesKnown = new Gauge({
    name: 'lobby_devices_known',
    help: 'Devices in the live fleet state',
    registers: [this.registry],
  });

  readonly historyRowsDeleted = new Counter({
    name: 'lobby_history_rows_deleted_total',
    help: 'Raw history rows deleted by the retention job, by table',
    labelNames: ['table'] as const,
    registers: [this.registry],
  });
  readonly historyRetentionSeconds = new Histogram({
    name: 'lobby_history_retention_pass_seconds',
    help: 'Time of one retention pass (all its batches and the pauses between them)',
    buckets: [0.01, 0.1, 1, 10, 60, 300, 1800],
    registers: [this.registry],
  });

  constructor(withDefaults = true) {
    if (withDefaults) collectDefaultMetrics({ register: this.registry, prefix: 'lobby_process_' });
  }
}
