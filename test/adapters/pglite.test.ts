import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createPostgresStorage } from '../../src/adapters/postgres/index';
import { runAdapterConformance } from '../../src/testing/index';

// One PGlite per file: it takes a few seconds to start.
const db = new PGlite();

runAdapterConformance(
  {
    name: 'postgres on PGlite',
    async makeStorage() {
      const storage = createPostgresStorage(db);
      await storage.migrate();
      return storage;
    },
    dispose: () => db.close(),
  },
  { describe, it, beforeAll, afterAll, timeout: 60_000 },
);
