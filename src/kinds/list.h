/* The registry of page kinds: one line a kind, in the order `keepsake
 * schema` and messages list them. Each NAME is defined by src/kinds/NAME.c
 * (with '-' as '_') as `const kind_t kind_NAME`. Included by kind.c only. */
KIND(cover)
KIND(contents)
KIND(text)
KIND(check_in)
KIND(gratitude)
KIND(story)
KIND(notes)
KIND(letter)
KIND(pool)
KIND(cards)
KIND(questions)
KIND(log)
KIND(tracker)
KIND(chart)
KIND(calendar)
