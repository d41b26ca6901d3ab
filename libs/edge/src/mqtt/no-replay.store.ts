import { IStore, Packet, Store } from 'mqtt';

/**
 * mqtt.js keeps unacknowledged QoS 1 publishes and replays them after a reconnect, even on a
 * clean session. The agent owns delivery itself (disk buffer + in-order sender re-sends from
 * the last PUBACKed entry), so a replay would only send stale copies ahead of the backlog.
 * This store forgets everything in flight whenever a new connection starts.
 */
export class NoReplayStore implements IStore {
  private inner = new Store();

  put(packet: Packet, cb: (error?: Error) => void): this {
    this.inner.put(packet, cb);
    return this;
  }
  createStream(): ReturnType<IStore['createStream']> {
    this.inner = new Store();
    return this.inner.createStream();
  }
  del(packet: Pick<Packet, 'messageId'>, cb: (error?: Error, packet?: Packet) => void): this {
    this.inner.del(packet, cb);
    return this;
  }
  get(packet: Pick<Packet, 'messageId'>, cb: (error?: Error, packet?: Packet) => void): this {
    this.inner.get(packet, cb);
    return this;
  }
  close(cb: (error?: Error) => void): void {
    this.inner.close(cb);
  }
}
