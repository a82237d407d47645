export { FlowTable, defaultFlowTableOptions } from './flow-table.js';
export type { FlowTableOptions, FlowTableStats, FlowSink } from './flow-table.js';
export type { FlowObserver } from './observer.js';
export { KDD_SERVICES, kddService } from './services.js';
export type { KddService } from './services.js';
export { kddTcpFlag, stepTcp, EndpointState } from './tcp-state.js';
