import { describe, expect, it } from "vitest";
import { schemaChange, snapshotSchema } from "../../../src/sync/pull/state.ts";

const opt = (id: string, name: string, color = "default") => ({ id, name, color, description: null });

/** A data source as `GET /v1/data_sources/{id}` returns it. */
const source = (over: Record<string, unknown> = {}) => ({
  object: "data_source",
  properties: {
    Name: { id: "title", name: "Name", type: "title", description: null, title: {} },
    Kind: { id: "k", name: "Kind", type: "select", description: null, select: { options: [opt("o1", "Red", "red"), opt("o2", "Blue")] } },
    Stage: {
      id: "s",
      name: "Stage",
      type: "status",
      status: { options: [opt("s1", "Todo"), opt("s2", "Done")], groups: [{ id: "g1", name: "To-do", option_ids: ["s1", "s2"] }] },
    },
    Total: { id: "f", name: "Total", type: "formula", formula: { expression: "1 + 1" } },
    Friends: {
      id: "r",
      name: "Friends",
      type: "relation",
      relation: {
        data_source_id: "ds2",
        type: "dual_property",
        dual_property: { synced_property_id: "x", synced_property_name: "Related" },
      },
    },
    ...over,
  },
});

const change = (over: Record<string, unknown>) => schemaChange(snapshotSchema(source()), snapshotSchema(source(over)));

describe("schema snapshots: what makes every page be read again", () => {
  it("the same schema, with keys in another order or other descriptions, is no change", () => {
    expect(schemaChange(snapshotSchema(source()), snapshotSchema(source()))).toBeNull();
    expect(change({ Total: { type: "formula", formula: { expression: "1 + 1" }, id: "f", description: "sum" } })).toBeNull();
    expect(schemaChange(null, snapshotSchema(source()))).toBe("the data source's schema was not recorded yet");
  });

  it("a property added, removed, renamed or of another type is a change", () => {
    expect(change({ Rank: { id: "n", type: "number", number: { format: "number" } } })).toBe('property "Rank" added');
    const { Total: _, ...rest } = source().properties;
    expect(schemaChange(snapshotSchema(source()), snapshotSchema({ properties: rest }))).toBe('property "Total" removed');
    const renamed = { ...rest, Sum: source().properties.Total };
    expect(schemaChange(snapshotSchema(source()), snapshotSchema({ properties: renamed }))).toBe('property "Total" renamed to "Sum"');
    expect(change({ Total: { id: "f", type: "rich_text", rich_text: {} } })).toBe('property "Total" changed from formula to rich_text');
  });

  it("a configuration every page's value depends on is a change: a formula's expression", () => {
    expect(change({ Total: { id: "f", type: "formula", formula: { expression: "2 + 2" } } })).toBe(
      'property "Total" changed its configuration',
    );
  });

  it("an option renamed, recoloured or removed is a change; an option added is not", () => {
    const kind = (...options: object[]) => ({ Kind: { id: "k", type: "select", select: { options } } });
    expect(change(kind(opt("o1", "Red", "red"), opt("o2", "Blue"), opt("o3", "Green")))).toBeNull();
    expect(change(kind(opt("o1", "Crimson", "red"), opt("o2", "Blue")))).toBe('an option of "Kind" renamed, recoloured or removed');
    expect(change(kind(opt("o1", "Red", "pink"), opt("o2", "Blue")))).toBe('an option of "Kind" renamed, recoloured or removed');
    expect(change(kind(opt("o1", "Red", "red")))).toBe('an option of "Kind" renamed, recoloured or removed');
  });

  it("status groups and a dual relation's name on its other side are no change", () => {
    const stage = source().properties.Stage;
    expect(
      change({ Stage: { ...stage, status: { ...stage.status, groups: [{ id: "g2", name: "Done", option_ids: ["s1", "s2"] }] } } }),
    ).toBeNull();
    const friends = source().properties.Friends;
    expect(
      change({
        Friends: {
          ...friends,
          relation: { ...friends.relation, dual_property: { synced_property_id: "x", synced_property_name: "Pals" } },
        },
      }),
    ).toBeNull();
    expect(change({ Friends: { ...friends, relation: { ...friends.relation, data_source_id: "ds3" } } })).toBe(
      'property "Friends" changed its configuration',
    );
  });
});
