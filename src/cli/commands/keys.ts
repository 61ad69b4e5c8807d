import type { Command } from "commander";
import { FerryError } from "../../errors.ts";
import { generateKey, keyId, parseKey } from "../../vault/keys.ts";
import { rotateSecrets } from "../../vault/rotate.ts";
import { keyUsage } from "../../vault/status.ts";
import { type CliContext, int, withServices } from "../context.ts";

export function registerKeys(program: Command, ctx: CliContext): void {
  const keys = program.command("keys").description("the token vault's encryption keys: generate, status, rotate");

  keys
    .command("generate")
    .description("print a new random key (base64) for TOKEN_ENCRYPTION_KEY; nothing is stored")
    .action(() => {
      const key = generateKey();
      ctx.out(key);
      ctx.err(`key id ${keyId(parseKey(key, "generated key"))}`);
    });

  keys
    .command("status")
    .description("stored secrets per key id: which rows still need an older key")
    .action(() =>
      withServices(ctx, async (s) => {
        const ring = s.vault;
        ctx.out(`primary key ${ring.primaryKeyId}; older keys: ${ring.keyIds.slice(1).join(", ") || "none"}`);
        const usage = await keyUsage(s.db, ring);
        if (usage.length === 0) ctx.out("no stored secrets");
        for (const u of usage)
          ctx.out([`${u.table}.${u.column}`.padEnd(28), (u.kid ?? "-").padEnd(8), u.role.padEnd(15), u.count].join("  "));
      }),
    );

  keys
    .command("rotate")
    .description("re-encrypt every stored secret under TOKEN_ENCRYPTION_KEY, so older keys can be removed")
    .option("--batch-size <n>", "rows read per query", int("--batch-size", 1), 200)
    .action((opts: { batchSize: number }) =>
      withServices(ctx, async (s) => {
        const ring = s.vault;
        const r = await rotateSecrets(s.db, ring, { batchSize: opts.batchSize });
        ctx.out(`scanned ${r.scanned} rows, rotated ${r.rotated}, failed ${r.failed} (primary key ${ring.primaryKeyId})`);
        for (const f of r.failures) ctx.err(`  - ${f.table} ${f.id} ${f.column}: ${f.reason}`);
        if (r.failed > 0) {
          throw new FerryError(
            "decryption_failed",
            `${r.failed} row(s) could not be decrypted with any configured key and were left as they were; the keys they need must stay configured`,
          );
        }
      }),
    );
}
