export { EdgeAgent, AGENT_VERSION } from './edge-agent';
export type { EdgeAgentOptions, EdgeAgentStats } from './edge-agent';
export { loadAgentConfig, parseAgentConfig, AgentConfigError, CONFIG_INVALID_EXIT_CODE } from './config/agent-config.loader';
export type { DeviceModules } from './device-modules';
