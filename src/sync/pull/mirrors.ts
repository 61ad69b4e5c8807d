/**
 * A user's stored mirrors (`pull_mirrors`) as the edges use them (the API's pull-mirrors routes):
 * listing them and replacing them. Routes import this module, never `sql/`.
 */
export { listMirrors, replaceMirrors, type StoredMirror } from "./sql/mirrors.ts";
