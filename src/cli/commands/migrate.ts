import type { Command } from "commander";
import { migrate } from "../../db/migrate.ts";
import { openDb } from "../../db/open.ts";
import { buildRegistry, catalog } from "../../jobs/catalog.ts";
import { type CliContext, commandLogger, configFrom } from "../context.ts";

export function registerMigrate(program: Command, ctx: CliContext): void {
  program
    .command("migrate")
    .description("apply pending database migrations and record job types (also done at every start)")
    .action(async () => {
      const config = configFrom(ctx);
      const logger = commandLogger(config, true);
      const db = await openDb(config.database, logger, "ferry-migrate");
      try {
        const applied = await migrate(db, logger);
        // Job types are recorded too, so the SQL enqueue() function works before the first start.
        await buildRegistry(catalog({ logger })).registry.publish(db);
        ctx.out(applied.length === 0 ? "database is up to date" : `applied migrations: ${applied.join(", ")}`);
      } finally {
        await db.close();
      }
    });
}
