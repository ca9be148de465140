/**
 * Helpers for your own tests: a seeded sample-data generator (and, as they land, the plan testing kit
 * and the storage adapter conformance suite). Import from `openspm/testing`.
 *
 * @packageDocumentation
 */

export {
  type AdapterConformanceInput,
  type AdapterConformanceOptions,
  runAdapterConformance,
} from './conformance';
export { SeededRandom } from './random';
export { generateSampleData, type SampleDataOptions } from './sample-data';
