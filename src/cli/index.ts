/**
 * The `openspm` command-line tool: `openspm report --deals … --stages … --as-of … --out report.html`.
 * Built to `dist/cli/index.js` with a `#!/usr/bin/env node` banner (package.json `bin`).
 *
 * @internal
 */
import { main } from './main';

process.exitCode = await main(process.argv.slice(2));
