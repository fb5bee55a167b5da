import 'dotenv/config';
import { readFileSync } from 'node:fs';
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

// Tooling workaround for prisma/orm issue 27403 (open): through adapter-pg the
// wasm schema engine fails on Postgres catalog columns of type `"char"` (oid 18)
// and `name` (oid 19), which adapter-pg does not map. Reporting them as `text`
// (oid 25) lets every migrate command run offline. The application's own
// PrismaClient never goes through this wrapper. Because it leans on their
// internals, package.json pins prisma, @prisma/client and @prisma/adapter-pg
// exactly: upgrade the three together and rerun the migrations when you do.
const UNMAPPED_CATALOG_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

type PgField = { dataTypeID: number };
type Queryable = { performIO(query: unknown): Promise<{ fields: PgField[] }> };
type Adapter = Queryable & { startTransaction(...args: unknown[]): Promise<Queryable> };

function reportCatalogTypesAsText<T extends Queryable>(queryable: T): T {
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) {
      if (UNMAPPED_CATALOG_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
    return result;
  };
  return queryable;
}

function patchAdapter<T>(adapter: T): T {
  const patched = reportCatalogTypesAsText(adapter as unknown as Adapter);
  const startTransaction = patched.startTransaction.bind(patched);
  patched.startTransaction = async (...args) => reportCatalogTypesAsText(await startTransaction(...args));
  return adapter;
}

class MigrationAdapterFactory extends PrismaPg {
  override async connect() {
    return patchAdapter(await super.connect());
  }
  override async connectToShadowDb() {
    return patchAdapter(await super.connectToShadowDb());
  }
}

/**
 * DATABASE_URL_FILE names a file holding DATABASE_URL (a Docker secret, as the
 * Swarm stack's one-off migration gets it); the same rules as the apps'
 * libs/common/src/config/secret-files.ts, which this config cannot import.
 * Copied into the environment because schema.prisma reads env("DATABASE_URL").
 */
function readDatabaseUrlFile(env: NodeJS.ProcessEnv): void {
  const file = env.DATABASE_URL_FILE;
  if (!file) return;
  if (env.DATABASE_URL) throw new Error('DATABASE_URL_FILE: DATABASE_URL is set too; set only one of them');
  env.DATABASE_URL = readFileSync(file, 'utf8').replace(/[\r\n]+$/, '');
}
readDatabaseUrlFile(process.env);

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL (or DATABASE_URL_FILE) is not set (see .env.example)');
    return new MigrationAdapterFactory({ connectionString });
  },
});
