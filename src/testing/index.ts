/**
 * Helpers for your own tests: a seeded sample-data generator, the plan testing kit and
 * the storage adapter conformance suite. Import from `openspm/testing`.
 *
 * @packageDocumentation
 */

export {
  type AdapterConformanceInput,
  type AdapterConformanceOptions,
  runAdapterConformance,
} from './conformance';
export {
  type Amount,
  checkPlanProperties,
  type ExpectedPayout,
  expectPayout,
  type FastCheckLike,
  PlanAssertionError,
  type PlanPropertyName,
  type PlanPropertyOptions,
  PlanScenario,
  planScenario,
  type ScenarioDealOptions,
  type ScenarioRunOptions,
  type ScenarioSplit,
} from './plan-kit';
export { SeededRandom } from './random';
export { generateSampleData, type SampleDataOptions } from './sample-data';
