import { folder, note } from "./types.ts";

const weeklySync = note(
  "note-weekly-sync",
  "Weekly sync — 12 March",
  `# Weekly sync — 12 March

**Present:** Priya, Marco, Jun, Elena\\
**Notes by:** Marco

## Updates
- **Launch v2** is on track for the 28th
  - Billing migration done; *two* customers still on the old plan
  - Onboarding copy waiting on legal
- Support queue down to 14 open tickets (from 31)
- ~~Move the standup to 9:30~~ — staying at 10:00 after all

## Decisions
1. Freeze features on the 21st
2. Ship the dark theme behind a flag
   1. Internal dogfooding first
   2. 10% rollout the week after

## Action items
- [x] Marco: send the agenda out a day earlier
- [ ] Priya: confirm the launch date with marketing
- [ ] Jun: draft the [status page](https://status.example.com) post
- [ ] Elena: review the pricing table in the launch plan
`,
);

const designReview = note(
  "note-design-review",
  "Design review: onboarding",
  `## Design review: onboarding

> New users should see their own content within a minute.
> Everything else is secondary.
>
> > Nice line — can we put it on the wall? *(Jun)*

![The new empty state, with the import button up front](https://picsum.photos/seed/onboarding/800/400 "Empty state, round 3")

### What we agreed
1. One screen instead of three
2. Import first, invite later
3. The tour is opt-in

### Open questions
- Do we keep the sample notes? Elena thinks they confuse people who import.
- What does the mobile version look like?

---

Next review: **Thursday**, same room.
`,
);

const oneOnOne = note(
  "note-one-on-one",
  "1:1 with Priya",
  `Quick one today.

*How are things?* Busy but good. The launch is the main thing on her mind.\\
She'd like to pair on the pricing page once the copy is in.

- [ ] Book an hour for pricing on Friday
- [ ] Share the hiring plan draft
`,
);

export const meetings = folder("folder-meetings", "Meetings", [weeklySync, designReview, oneOnOne]);
