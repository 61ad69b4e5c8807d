import { bareDelete } from "./bare-delete.ts";
import { ferry, ferryDeleteOnComplete } from "./ferry.ts";
import { graphileWorker } from "./graphile-worker.ts";
import { pgBoss } from "./pg-boss.ts";
import type { QueueSystem } from "./types.ts";

/**
 * Systems in the order they run and are reported. graphile-worker is the
 * baseline for the "vs graphile-worker" ratio column.
 */
export const systems: QueueSystem[] = [graphileWorker, pgBoss, ferry, ferryDeleteOnComplete, bareDelete];
