export * from './packet.js';
export * from './flow.js';
export * from './log-event.js';
export * from './feature-batch.js';
export * from './alert.js';
export * from './decision.js';
export * from './action-result.js';
export * from './model-update.js';
