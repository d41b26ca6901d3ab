import { AgentConfig, AgentDeviceConfig, DeviceKind } from '@lobby/contracts';
import { ByteSimulator, DeviceDriver, isSimPath, PlayingScript, playSimulatorScript, SerialPortProvider, SimulatorHub } from '@lobby/devices';
import { Clock, JsonLogger, TimerHandle } from '@lobby/runtime';
import { AgentOutbox, DeviceChannel } from './device-channel';
import { DeviceModules } from './device-modules';

export interface DeviceSupervisorOptions {
  config: AgentConfig;
  modules: DeviceModules;
  clock: Clock;
  logger: JsonLogger;
  ports: SerialPortProvider;
  outbox: AgentOutbox;
  /** Where simulators for `sim:` paths are attached (the one `ports` opens them through). */
  hub?: SimulatorHub;
  /** Starts every simulator's demo behaviour unless its device config says otherwise. */
  autoplay?: boolean;
  /** How often heartbeats are checked (ms). */
  tickMs?: number;
}

const DRIVER_STOP_TIMEOUT_MS = 5000;

/**
 * Starts one driver per configured device (and its simulator for `sim:` paths) and keeps a
 * `DeviceChannel` per device. A device that cannot be created is reported as `config.invalid`
 * and skipped: one bad entry must not keep the rest of the branch dark.
 */
export class DeviceSupervisor {
  private readonly channels = new Map<string, DeviceChannel>();
  private readonly simulators: { path: string; simulator: ByteSimulator }[] = [];
  private readonly scripts: PlayingScript[] = [];
  private timer?: TimerHandle;

  constructor(private readonly options: DeviceSupervisorOptions) {}

  get devices(): { id: string; kind: DeviceKind }[] {
    return this.options.config.devices.map((device) => ({ id: device.id, kind: device.kind }));
  }

  driver(deviceId: string): DeviceDriver | undefined {
    return this.channels.get(deviceId)?.driver;
  }

  async start(): Promise<void> {
    for (const device of this.options.config.devices) this.create(device);
    await Promise.all([...this.channels.values()].map((channel) => this.startDriver(channel)));
    this.timer = this.options.clock.setInterval(() => this.tick(), this.options.tickMs ?? 1000);
  }

  /** A fresh live status for every device (after a backlog replay). */
  publishFresh(): void {
    for (const channel of this.channels.values()) channel.publishFresh();
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    const channels = [...this.channels.values()];
    await Promise.all(channels.map((channel) => this.stopDriver(channel)));
    for (const channel of channels) channel.detach();
    for (const script of this.scripts.splice(0)) script.cancel();
    for (const { path, simulator } of this.simulators.splice(0)) {
      this.options.hub?.detach(path, simulator);
      simulator.stop();
    }
  }

  private create(device: AgentDeviceConfig): void {
    const { logger } = this.options;
    const module = this.options.modules[device.kind];
    const reason = !module
      ? `no driver for kind ${device.kind}`
      : !module.transportTypes.includes(device.transport.type)
        ? `${device.kind} cannot use a ${device.transport.type} transport`
        : undefined;
    try {
      if (reason || !module) throw new Error(reason);
      this.attachSimulator(device);
      const deviceLogger = logger.child('device', { deviceId: device.id, kind: device.kind });
      const driver = module.createDriver(device, { clock: this.options.clock, logger: deviceLogger, ports: this.options.ports });
      const channel = new DeviceChannel(device, driver, this.options.config.branch, this.options.outbox, this.options.clock, deviceLogger);
      channel.attach();
      this.channels.set(device.id, channel);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.error('device not started', { deviceId: device.id, error: message });
      this.options.outbox.agentEvent('config.invalid', { deviceId: device.id, reason: message });
    }
  }

  private attachSimulator(device: AgentDeviceConfig): void {
    const { transport } = device;
    if (transport.type === 'mqtt' || !isSimPath(transport.path)) return;
    const module = this.options.modules[device.kind];
    const hub = this.options.hub;
    if (!module?.createSimulator || !hub) return;
    // Simulators this agent did not attach mean the caller hosts them (e.g. `hostSimulators`):
    // a second one on the bus would answer every request twice.
    const ours = new Set(this.simulators.map((hosted) => hosted.simulator));
    if (hub.simulators(transport.path).some((simulator) => !ours.has(simulator))) return;
    const simulator = module.createSimulator(device, this.options.clock);
    hub.attach(transport.path, simulator);
    this.simulators.push({ path: transport.path, simulator });
    const autoplay = device.simulate?.autoplay ?? this.options.config.simulate?.autoplay ?? this.options.autoplay ?? false;
    const startAutoplay = (): void => {
      if (autoplay) simulator.autoplay?.(this.options.clock);
    };
    const script = device.simulate?.script ?? [];
    if (script.length === 0) return startAutoplay();
    const onRefused = (step: { action: string }, reason: string) =>
      this.options.logger.warn('simulator refused a scripted action', { deviceId: device.id, action: step.action, reason });
    this.scripts.push(playSimulatorScript(simulator, script, this.options.clock, { then: startAutoplay, onRefused }));
  }

  private async startDriver(channel: DeviceChannel): Promise<void> {
    try {
      await channel.driver.start();
    } catch (error) {
      this.options.logger.error('driver failed to start', { deviceId: channel.config.id, error: (error as Error).message });
    }
  }

  private async stopDriver(channel: DeviceChannel): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.options.logger.warn('driver did not stop in time', { deviceId: channel.config.id });
        resolve();
      }, DRIVER_STOP_TIMEOUT_MS);
    });
    const stopped = channel.driver.stop().catch((error: unknown) => {
      this.options.logger.warn('driver stop failed', { deviceId: channel.config.id, error: (error as Error).message });
    });
    await Promise.race([stopped, timeout]);
    clearTimeout(timer);
  }

  private tick(): void {
    for (const channel of this.channels.values()) channel.tick();
  }
}
