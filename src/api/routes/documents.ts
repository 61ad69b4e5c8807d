import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../../connections/users.ts";
import { deleteDocuments, upsertDocuments } from "../../sync/push/documents.ts";
import { endpoint } from "../endpoint.ts";
import { ok } from "../envelope.ts";
import { dataResponse, errorResponse } from "../schemas.ts";
import { UserId } from "./connection-schemas.ts";

const Kind = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, "expected a lower-case kind like workspace, folder or note");
const DocId = z.string().min(1).max(200);
const Ref = z.object({ kind: Kind, id: DocId }).strict();

const DocumentIn = z
  .object({
    kind: Kind.openapi({ description: "workspace, folder, note, or any kind of your own" }),
    id: DocId.openapi({ description: "your stable id for the node" }),
    parent: Ref.nullable()
      .default(null)
      .openapi({ description: "the parent node; null for a top-level node (it goes under the sync root)" }),
    title: z.string().max(2000).default(""),
    body: z
      .string()
      .max(500_000)
      .nullable()
      .default(null)
      .openapi({ description: "markdown (CommonMark + GFM); null for nodes without a body" }),
    position: z.number().finite().default(0).openapi({ description: "order among siblings (ascending)" }),
    updated_at: z.string().datetime({ offset: true }).optional(),
  })
  .strict();

const params = z.object({ userId: UserId });

export const putDocuments = endpoint(
  createRoute({
    method: "put",
    path: "/v1/users/{userId}/documents",
    tags: ["push sync"],
    summary: "Upsert a batch of the user's nodes (workspaces, folders, notes)",
    description:
      "All or nothing, in one transaction. Every parent must exist (in this batch or stored before). Unchanged nodes cost no sync work. The same table can be written in SQL inside the app's own transaction (docs/push-sync.md).",
    request: {
      params,
      body: {
        required: true,
        content: { "application/json": { schema: z.object({ documents: z.array(DocumentIn).min(1).max(1000) }).strict() } },
      },
    },
    responses: { 200: dataResponse(z.object({ written: z.number().int() }), "stored"), 404: errorResponse("no such user") },
  }),
  ({ db }) =>
    async (c) => {
      const { userId } = c.req.valid("param");
      const { documents } = c.req.valid("json");
      await requireUser(db, userId);
      const docs = documents.map((d) => ({
        kind: d.kind,
        id: d.id,
        parent: d.parent,
        title: d.title,
        body: d.body,
        position: d.position,
        updatedAt: d.updated_at ? new Date(d.updated_at) : null,
      }));
      return ok(c, await db.transaction((tx) => upsertDocuments(tx, userId, docs)));
    },
);

export const deleteDocumentsRoute = endpoint(
  createRoute({
    method: "delete",
    path: "/v1/users/{userId}/documents",
    tags: ["push sync"],
    summary: "Delete nodes (and everything under them)",
    description: "The next sync archives their pages in Notion (or leaves them, per PUSH_DELETION_POLICY).",
    request: {
      params,
      body: {
        required: true,
        content: { "application/json": { schema: z.object({ documents: z.array(Ref).min(1).max(1000) }).strict() } },
      },
    },
    responses: {
      200: dataResponse(
        z.object({ deleted: z.number().int(), unknown: z.array(z.object({ kind: z.string(), id: z.string() })) }),
        "deleted",
      ),
      404: errorResponse("no such user"),
    },
  }),
  ({ db }) =>
    async (c) => {
      const { userId } = c.req.valid("param");
      const { documents } = c.req.valid("json");
      await requireUser(db, userId);
      return ok(c, await db.transaction((tx) => deleteDocuments(tx, userId, documents)));
    },
);
