import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createPostgresStorage } from '../../src/adapters/postgres/index';
import { runAdapterConformance } from '../../src/testing/index';
import { dropStatements, runPrefix } from './helpers';

const url = process.env.OPENSPM_TEST_POSTGRES_URL;

if (!url) {
  console.log(
    'postgres server suite skipped: OPENSPM_TEST_POSTGRES_URL is not set (.ci/run sets it when a server answers)',
  );
  describe.skip('storage adapter conformance: postgres server (OPENSPM_TEST_POSTGRES_URL not set)', () => {
    it('needs a server', () => {});
  });
} else {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const prefix = runPrefix('pg');
  runAdapterConformance(
    {
      name: 'postgres server on a pg Pool',
      async makeStorage() {
        const storage = createPostgresStorage(pool, { tablePrefix: prefix });
        await storage.migrate();
        return storage;
      },
      async dispose() {
        for (const sql of dropStatements(prefix)) await pool.query(sql);
        await pool.end();
      },
    },
    { describe, it, beforeAll, afterAll, tenantPrefix: prefix },
  );
}
