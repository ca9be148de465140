/**
 * openspm: an embeddable engine for sales process management and performance evaluation.
 *
 * The root entry holds the domain models, exact money, fiscal periods and the one error class;
 * the analytics (funnel, KPI scoring, targets, incentives, warnings) are added here as they land.
 *
 * @packageDocumentation
 */

export * from './access/index';
export * from './charts/index';
export * from './currency/index';
export * from './customers/index';
export * from './errors';
export * from './funnel/index';
export * from './incentives/index';
export * from './kpi/index';
export * from './model/index';
export * from './money/index';
export * from './period/index';
export * from './review/index';
export * from './storage/index';
export * from './targets/index';
export * from './warnings/index';
