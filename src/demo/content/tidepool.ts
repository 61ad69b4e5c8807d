import { folder, note, workspace } from "./types.ts";

const retrySnippet = note(
  "note-retry-snippet",
  "Snippet: retry with backoff",
  `Our little helper for flaky calls. Full jitter, capped.

~~~ts
export async function retry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw err;
      const cap = Math.min(30_000, 250 * 2 ** i);
      await new Promise((r) => setTimeout(r, Math.random() * cap));
    }
  }
}
~~~

Config it reads:

~~~json
{ "attempts": 5, "capMs": 30000 }
~~~

Try it from the shell:

~~~sh
npx tsx scripts/flaky.ts --attempts 3
~~~

Why *full* jitter: see the [AWS architecture blog](https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
`,
);

const architecture = note(
  "note-architecture",
  "Architecture sketch",
  `# Architecture sketch

![Boxes and arrows from the whiteboard](https://picsum.photos/seed/tidepool-arch/1000/560)

- **Web app** (SvelteKit)
  - talks to the API over HTTP
  - caches tide tables in \`localStorage\`
- **API** (Node)
  - \`/tides\` — predictions per station
  - \`/alerts\` — user alerts
    - stored in Postgres
    - sent by a worker every 15 minutes
- **Data**
  1. NOAA station list, refreshed weekly
  2. Predictions, fetched on demand

> Keep it boring. One database, one queue, one deploy.
`,
);

const cheatsheet = note(
  "note-postgres-cheatsheet",
  "Postgres cheatsheet",
  `## Postgres cheatsheet

| Task | Command |
| --- | --- |
| List tables | \`\\dt\` |
| Describe a table | \`\\d+ alerts\` |
| Slow queries | \`pg_stat_statements\` |

Stations with the most alerts:

~~~sql
SELECT s.name, count(*) AS alerts
FROM alerts a JOIN stations s ON s.id = a.station_id
GROUP BY s.name
ORDER BY alerts DESC
LIMIT 10;
~~~
`,
);

const backlog = note(
  "note-ideas-backlog",
  "Ideas backlog",
  `# Ideas backlog

Rough ideas, **not** promises.

- [ ] Push notifications for low tide
  - [ ] Ask three users whether they'd want them
  - [x] Check what the app stores allow
- [ ] Offline mode
- [ ] Share a tide chart as an image
- [x] ~~Dark mode~~ shipped in 0.4!

---

*Vote with a 👍 in the team channel.*
`,
);

const changelog = note(
  "note-changelog",
  "Changelog",
  `# Changelog

## 0.5.0
- New: alerts by email
- Fixed: times were off by an hour after the clocks changed

## 0.4.0
- New: dark mode
- Faster station search

All releases: <https://github.com/example/tidepool/releases>
`,
);

export const tidepool = workspace("ws-tidepool", "Tidepool (side project)", [
  backlog,
  changelog,
  folder("folder-engineering", "Engineering", [architecture, retrySnippet, cheatsheet]),
]);
