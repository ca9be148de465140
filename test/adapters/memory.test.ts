import { afterAll, beforeAll, describe, it } from 'vitest';
import { createMemoryStorage } from '../../src/adapters/memory/index';
import { runAdapterConformance } from '../../src/testing/index';

runAdapterConformance(
  { name: 'memory', makeStorage: () => createMemoryStorage() },
  { describe, it, beforeAll, afterAll },
);
