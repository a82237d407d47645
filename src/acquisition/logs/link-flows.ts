/**
 * Link log events to the flows they belong to: same client address and port (the flow's orig side),
 * the event's time inside the flow's lifetime widened by a tolerance (clocks and log latency differ).
 * Pure: returns new events, leaves the inputs alone.
 */
import type { Flow } from '../../records/flow.js';
import type { LogEvent } from '../../records/log-event.js';

export function linkLogEventsToFlows(
  events: readonly LogEvent[],
  flows: readonly Flow[],
  toleranceMicros = 2_000_000,
): LogEvent[] {
  const byClient = new Map<string, Flow[]>();
  for (const f of flows) {
    const key = `${f.origIp}|${f.origPort}`;
    const list = byClient.get(key);
    if (list === undefined) byClient.set(key, [f]);
    else list.push(f);
  }
  return events.map((e) => {
    if (e.srcIp === undefined || e.srcPort === undefined) return e;
    const candidates = byClient.get(`${e.srcIp}|${e.srcPort}`) ?? [];
    let best: Flow | undefined;
    let bestDistance = Infinity;
    for (const f of candidates) {
      const distance =
        e.tsMicros < f.startMicros
          ? f.startMicros - e.tsMicros
          : e.tsMicros > f.endMicros
            ? e.tsMicros - f.endMicros
            : 0;
      if (distance <= toleranceMicros && distance < bestDistance) {
        best = f;
        bestDistance = distance;
      }
    }
    return best === undefined ? e : { ...e, flowId: best.id };
  });
}
