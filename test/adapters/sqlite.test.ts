import initSqlJs from 'sql.js';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createSqliteStorage } from '../../src/adapters/sqlite/index';
import { runAdapterConformance } from '../../src/testing/index';

runAdapterConformance(
  {
    name: 'sqlite on sql.js',
    async makeStorage() {
      const SQL = await initSqlJs();
      const storage = createSqliteStorage(new SQL.Database());
      await storage.migrate();
      return storage;
    },
  },
  { describe, it, beforeAll, afterAll },
);
