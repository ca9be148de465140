import { libraryEntries } from './scripts/entries.mjs';

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  entryPoints: Object.values(libraryEntries()),
  out: 'docs/api',
  name: 'openspm',
  readme: 'README.md',
  treatWarningsAsErrors: true,
  excludePrivate: true,
  excludeInternal: true,
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  projectDocuments: ['docs/*.md'],
  // Source links need a git remote; a fresh clone or a worktree may have none, and a warning fails the build.
  disableSources: true,
};
