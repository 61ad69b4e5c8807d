/**
 * The schedules as the edges and jobs use them: a user's background switch, their schedules for
 * the sync status, a Sync now's admission and a run's end. Routes, commands and jobs import this
 * module, never `sql/`.
 */
export {
  recordAdmission,
  recordRunEnd,
  type ScheduleRow,
  type SyncKindName,
  schedulesOf,
  setBackground,
} from "./sql/schedules.ts";
