/** One node of the demo's tree, as a note-taking app would hold it: workspaces, folders, notes. */
export interface DemoNode {
  kind: "workspace" | "folder" | "note";
  /** Stable ids, so seeding again updates the same rows instead of adding new ones. */
  id: string;
  title: string;
  /** Markdown, for notes. */
  body?: string;
  children?: DemoNode[];
}

export const note = (id: string, title: string, body: string): DemoNode => ({ kind: "note", id, title, body });
export const folder = (id: string, title: string, children: DemoNode[]): DemoNode => ({ kind: "folder", id, title, children });
export const workspace = (id: string, title: string, children: DemoNode[]): DemoNode => ({ kind: "workspace", id, title, children });
