import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createMysqlStorage } from '../../src/adapters/mysql/index';
import { runAdapterConformance } from '../../src/testing/index';
import { dropStatements, runPrefix } from './helpers';

const url = process.env.OPENSPM_TEST_MYSQL_URL;

if (!url) {
  console.log(
    'mysql server suite skipped: OPENSPM_TEST_MYSQL_URL is not set (.ci/run sets it when a server answers)',
  );
  describe.skip('storage adapter conformance: mysql server (OPENSPM_TEST_MYSQL_URL not set)', () => {
    it('needs a server', () => {});
  });
} else {
  const pool = mysql.createPool({ uri: url, connectionLimit: 4 });
  const prefix = runPrefix('my');
  runAdapterConformance(
    {
      name: 'mysql/mariadb server on a mysql2 pool',
      async makeStorage() {
        const storage = createMysqlStorage(pool, { tablePrefix: prefix });
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
