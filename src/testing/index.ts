/**
 * Helpers for your own tests: a seeded sample-data generator and the plan testing kit (and, as it lands,
 * the storage adapter conformance suite). Import from `openspm/testing`.
 *
 * @packageDocumentation
 */

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
