/**
 * How device views learn their `openAlerts`: a port the alerting lib implements (the fleet
 * does not depend on alerting). Without a provider every count is 0.
 */
export abstract class OpenAlertCounter {
  abstract countOpenByDevice(deviceIds: string[]): Promise<Map<string, number>>;
}
