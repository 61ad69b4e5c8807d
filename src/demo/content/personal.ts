import { folder, note, workspace } from "./types.ts";

const readingList = note(
  "note-reading-list",
  "Reading list 2026",
  `# Reading list 2026

Aiming for one book a month. Suggestions welcome!

## Reading now
- [ ] *The Pragmatic Programmer* — Hunt & Thomas (see my notes)

## Up next
- [ ] *Designing Data-Intensive Applications* — Martin Kleppmann
- [ ] *A Philosophy of Software Design* — John Ousterhout
- [ ] *The Overstory* — Richard Powers

## Done
- [x] *Piranesi* — Susanna Clarke
- [x] *Working in Public* — Nadia Eghbal

| Book | Why | Format |
| --- | --- | --- |
| Designing Data-Intensive Applications | everyone at work quotes it | paper |
| The Overstory | a friend's favourite | audiobook |

Find most of them at the [library](https://www.worldcat.org).
`,
);

const bookNotes = note(
  "note-pragmatic-notes",
  "Notes: The Pragmatic Programmer",
  `## Notes: *The Pragmatic Programmer*

> Care about your craft.

The idea that stuck: **tracer bullets** — build a thin slice end to end first, then widen it.[^tracer]

Other good bits:
1. *Don't live with broken windows*
2. DRY is about knowledge, not about code
   - two functions that look alike may encode different decisions
3. Estimate in the units you'll be held to

> "You can't write perfect software."
>
> It sounds gloomy, but the chapter is about being *defensive*, not pessimistic.

[^tracer]: Chapter 2. Different from prototypes, which you throw away.
`,
);

const shakshuka = note(
  "note-shakshuka",
  "Shakshuka",
  `# Shakshuka

![A pan of shakshuka](https://picsum.photos/seed/shakshuka/800/500)

Serves 2 · 30 minutes

| Ingredient | Amount |
| --- | --- |
| Olive oil | 2 tbsp |
| Onion, sliced | 1 |
| Red pepper, sliced | 1 |
| Garlic | 3 cloves |
| Cumin, paprika | 1 tsp each |
| Chopped tomatoes | 1 tin (400 g) |
| Eggs | 4 |

## Method
1. Soften the onion and pepper in the oil, about 8 minutes.
2. Add the garlic and spices; one more minute.
3. Pour in the tomatoes and simmer until thick.
4. Make four hollows, crack in the eggs, cover.
5. Cook until the whites are set\\
   (the yolks should still wobble).

Serve with *lots* of bread. Feta on top if you have it.
`,
);

const dal = note(
  "note-dal",
  "Weeknight dal",
  `Red lentils, one onion, garlic, ginger, a tin of coconut milk.

- Rinse **200 g** lentils
- Simmer with turmeric for 20 minutes
- Fry cumin seeds, onion, garlic and ginger; stir in
- Finish with lime and coriander

Good with rice or [flatbread](https://en.wikipedia.org/wiki/Flatbread).
`,
);

const starter = note(
  "note-sourdough-log",
  "Sourdough starter log",
  `Feeding 1:1:1 (starter : flour : water) unless noted.

| Day | Rise | Smell | Notes |
| --- | --- | --- | --- |
| 1 | none | flour | started with rye |
| 3 | 20% | sour | first bubbles |
| 5 | 80% | yeasty | switched to white flour |
| 7 | 2× | fruity | ready to bake! |

> Tip from the bakery: keep it somewhere *warm*, around 24 °C.
`,
);

const lisbon = note(
  "note-lisbon-trip",
  "Lisbon trip",
  `# Lisbon, 4–9 May

![Tram 28 climbing through Alfama](https://picsum.photos/seed/lisbon/900/500)

## Plan
- Day 1: Alfama
  - Castelo de São Jorge in the morning
  - Fado in the evening — book ahead
- Day 2: Belém
  - Pastéis de Belém (*the* custard tarts)
  - Jerónimos Monastery
- Day 3: day trip to Sintra

## Before we go
- [x] Flights
- [x] Apartment in Graça
- [ ] Travel insurance
- [ ] Download offline maps

Useful: [Visit Lisboa](https://www.visitlisboa.com) and the **Viva Viagem** card for transport.
`,
);

export const personal = workspace("ws-personal", "Personal", [
  lisbon,
  folder("folder-reading", "Reading", [readingList, bookNotes]),
  folder("folder-kitchen", "Kitchen", [folder("folder-recipes", "Recipes", [shakshuka, dal]), starter]),
]);
