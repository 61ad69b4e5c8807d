import { meetings } from "./meetings.ts";
import { folder, note, workspace } from "./types.ts";

const launchPlan = note(
  "note-launch-plan",
  "Launch plan",
  `# Launch plan — v2

The goal: move every team to the new editor by **28 March** without anyone losing a note.

## Milestones

| Milestone | Owner | Date | Status |
| --- | --- | --- | --- |
| Feature freeze | Priya | 21 Mar | ✅ |
| Docs and changelog | Jun | 24 Mar | In progress |
| Staged rollout (10%) | Marco | 25 Mar | Planned |
| Everyone | Priya | 28 Mar | Planned |

## Tasks
- [x] Migrate billing to the new plans
- [ ] Onboarding
  - [x] New empty state
  - [ ] Copy reviewed by legal
  - [ ] Import from other apps
- [ ] Marketing
  - [ ] Blog post
  - [ ] Email to existing customers

## Risks
1. Import of very large workspaces is slow — *mitigation:* run it as a background job
2. Support load in launch week — *mitigation:* everyone takes one support shift
`,
);

const releaseChecklist = note(
  "note-release-checklist",
  "Release checklist",
  `Run through this before every release.

- [ ] Changelog updated
- [ ] Migrations tested on a copy of production
- [ ] Feature flags set for the rollout
- [ ] Status page ready

Tag and push:

~~~sh
git tag -a v2.0.0 -m "v2"
git push origin v2.0.0
~~~

---

If anything goes wrong, roll back with \`./deploy rollback\` and tell #launch.
`,
);

const retro = note(
  "note-q1-retro",
  "Q1 retro",
  `# Q1 retro

## What went well
- Shipping every two weeks[^1]
- The support rotation

## What didn't
- Too many meetings on Mondays
- We found out about the billing bug from a customer

> The best part of the quarter was how fast we fixed things once we knew.

[^1]: Except for the week of the offsite.
`,
);

const handbook = note(
  "note-team-handbook",
  "Team handbook",
  `# Team handbook

Welcome to Northwind! Start here, then ask anyone anything.

## How we work
- We write things down: decisions live in **meeting notes**, plans in **Projects**.
- Async first. Meetings have an agenda or they don't happen.

## Tools
- Chat: [Slack](https://slack.com)
- Code: [GitHub][gh]
- Anything else: <https://wiki.example.com>

### Working hours
Core hours are 11:00–16:00 in your time zone. Outside them, nobody expects an answer.

---

*Last updated in March.*

[gh]: https://github.com
`,
);

export const studio = workspace("ws-studio", "Northwind Studio", [
  handbook,
  meetings,
  folder("folder-projects", "Projects", [folder("folder-launch-v2", "Launch v2", [launchPlan, releaseChecklist]), retro]),
]);
