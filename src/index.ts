/**
 * openspm: an embeddable engine for sales process management and performance evaluation.
 *
 * The root entry holds the domain models, exact money, fiscal periods and the one error class;
 * the analytics (funnel, KPI scoring, targets, incentives, warnings) are added here as they land.
 *
 * @packageDocumentation
 */
export * from './errors';
export * from './incentives/index';
export * from './model/index';
export * from './money/index';
export * from './period/index';
