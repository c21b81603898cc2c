// Who does an action and by when, read from the action's own words, since a task item is only a
// checkbox and a line of text. The rules, in order (documented in docs/protocol.md):
//
// 1. Labelled parts, as the Réunion template writes them — "Qui : Anne — Quoi : appeler la
//    mairie — Pour quand : 15 mars". A label is a word followed by a colon: who (qui, who,
//    responsable, pilote, porteur/porteuse), what (quoi, what, action, tâche, task), when (pour
//    quand, quand, échéance, délai, date, by when, when, due, deadline); its value runs to the next
//    label. A value left as "…" (the template's placeholder) is no value.
// 2. Otherwise, who is every name marked with "@" ("@Anne appelle la mairie"), and when is a day
//    or a moment introduced by "pour", "avant", "d'ici", "au plus tard", "by", "before" or "due"
//    ("pour le 15 mars", "avant vendredi", "d'ici la prochaine réunion"), or a day on its own
//    (2026-03-15, 15/03, 15/03/2026, 15 mars, March 15).
// 3. What is the labelled "quoi", else the text without the who and the when.
// 4. `due` is the day the when names, `YYYY-MM-DD`, when it names one: a day without a year is
//    taken in the meeting's year — the next year if that would put it more than a month before
//    the meeting. A weekday or "la prochaine réunion" has no `due`.
//
// An item with nothing but labels and placeholders ("Qui : … — Quoi : … — Pour quand : …") is
// not an action at all: `isPlaceholderAction`.

export interface ActionFields {
  who: string
  what: string
  /** The when as written ("15 mars", "vendredi"). */
  when: string
  /** The day it names, `YYYY-MM-DD`, or ''. */
  due: string
}

const LABELS: ReadonlyArray<{ field: 'who' | 'what' | 'when'; pattern: string }> = [
  { field: 'when', pattern: String.raw`pour\s+quand|by\s+when|[ée]ch[ée]ance|d[ée]lai|deadline|quand|when|due|date` },
  { field: 'who', pattern: String.raw`qui|who|responsables?|pilotes?|porteur|porteuse` },
  { field: 'what', pattern: String.raw`quoi|what|actions?|t[âa]ches?|tasks?` },
]

// A label starts the text or follows a separator; its colon may have a space before it (French).
const LABEL = new RegExp(
  String.raw`(^|[\s;|,—–(-])(${LABELS.map((label) => label.pattern).join('|')})\s*:`,
  'giu',
)

const PLACEHOLDER_VALUE = /^[\s.…_?-]*$/u
const EDGE_SEPARATORS = /^[\s;|,—–:-]+|[\s;|,—–:-]+$/gu

function clean(value: string): string {
  const trimmed = value.replace(EDGE_SEPARATORS, '').replace(/\s+/g, ' ').trim()
  return PLACEHOLDER_VALUE.test(trimmed) ? '' : trimmed
}

function fieldOf(label: string): 'who' | 'what' | 'when' {
  for (const candidate of LABELS) if (new RegExp(`^(?:${candidate.pattern})$`, 'iu').test(label.trim())) return candidate.field
  return 'what'
}

interface Labelled {
  who: string
  what: string
  when: string
  found: boolean
}

function labelledParts(text: string): Labelled {
  const out: Labelled = { who: '', what: '', when: '', found: false }
  const matches = [...text.matchAll(LABEL)]
  if (matches.length === 0) return out
  out.found = true
  matches.forEach((match, i) => {
    const start = match.index! + match[0].length
    const end = i + 1 < matches.length ? matches[i + 1]!.index! + matches[i + 1]![1]!.length : text.length
    const field = fieldOf(match[2]!)
    const value = clean(text.slice(start, end))
    if (value && !out[field]) out[field] = value
  })
  // Words before the first label, if any, are what the action is ("Appeler la mairie — Qui : Anne").
  const before = clean(text.slice(0, matches[0]!.index! + matches[0]![1]!.length))
  if (before && !out.what) out.what = before
  return out
}

const FR_MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre']
const EN_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']

function monthIndex(word: string): number {
  const folded = word.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('fr').replace(/\.$/, '')
  for (const months of [FR_MONTHS, EN_MONTHS]) {
    const index = months.findIndex((month) => {
      const plain = month.normalize('NFD').replace(/\p{M}/gu, '')
      return plain === folded || (folded.length >= 3 && plain.startsWith(folded))
    })
    if (index >= 0) return index
  }
  return -1
}

const MONTH_WORD = String.raw`(?:janv(?:ier)?|f[ée]vr?(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[ûu]t|sept?(?:embre)?|oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:tember)?|october|november|dec(?:ember)?)\.?`
const DAY_FORMS = [
  String.raw`\d{4}-\d{2}-\d{2}`,
  String.raw`\d{1,2}/\d{1,2}(?:/\d{2,4})?`,
  String.raw`\d{1,2}(?:er|st|nd|rd|th)?\s+${MONTH_WORD}(?:\s+\d{4})?`,
  String.raw`${MONTH_WORD}\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?`,
]
const DAY = `(?:${DAY_FORMS.join('|')})`
const WEEKDAY = String.raw`(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday)`
const MOMENT = String.raw`(?:demain|tomorrow|la\s+semaine\s+prochaine|next\s+week|la\s+prochaine\s+r[ée]union|the\s+next\s+meeting|fin\s+\p{L}+|${WEEKDAY}(?:\s+prochain)?)`
const INTRODUCED_WHEN = new RegExp(
  String.raw`(?:^|\s)(?:pour|avant|d['’]ici|au\s+plus\s+tard|by|before|due)\s+(?:le\s+|la\s+|the\s+)?(${DAY}|${MOMENT})(?=$|[\s.,;!)])`,
  'iu',
)
const BARE_DAY = new RegExp(String.raw`(?:^|[\s(])(${DAY})(?=$|[\s.,;!)])`, 'iu')
const MENTION = /(?:^|[\s(])@([\p{L}][\p{L}\p{N}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)?)/gu

function isoDay(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month || date.getUTCDate() !== day) return ''
  return date.toISOString().slice(0, 10)
}

/**
 * The day `when` names, `YYYY-MM-DD`, or ''. `reference` is the meeting's day (`YYYY-MM-DD`):
 * a day written without its year is taken in the reference's year, or the next one if it would
 * fall more than a month before the meeting; without a reference, such a day has no `due`.
 */
export function dueDay(when: string, reference: string): string {
  const text = when.trim()
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (match) return isoDay(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  let day: number
  let month: number
  let year: number | null = null
  if ((match = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?$/.exec(text))) {
    day = Number(match[1])
    month = Number(match[2]) - 1
    if (match[3]) year = match[3].length === 2 ? 2000 + Number(match[3]) : Number(match[3])
  } else if ((match = /^(\d{1,2})(?:er|st|nd|rd|th)?\s+(\p{L}+)\.?(?:\s+(\d{4}))?$/u.exec(text))) {
    day = Number(match[1])
    month = monthIndex(match[2]!)
    if (match[3]) year = Number(match[3])
  } else if ((match = /^(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$/u.exec(text))) {
    day = Number(match[2])
    month = monthIndex(match[1]!)
    if (match[3]) year = Number(match[3])
  } else {
    return ''
  }
  if (month < 0) return ''
  if (year !== null) return isoDay(year, month, day)
  const ref = /^(\d{4})-(\d{2})-(\d{2})$/.exec(reference)
  if (!ref) return ''
  const refYear = Number(ref[1])
  const candidate = isoDay(refYear, month, day)
  if (!candidate) return ''
  const monthBefore = Date.UTC(refYear, Number(ref[2]) - 1, Number(ref[3])) - 31 * 86_400_000
  return Date.parse(candidate) < monthBefore ? isoDay(refYear + 1, month, day) : candidate
}

/** Reads who, what and when from an action's text (see the rules at the top of this module). */
export function actionFields(text: string, reference = ''): ActionFields {
  const labelled = labelledParts(text)
  if (labelled.found) {
    const when = labelled.when
    return { who: labelled.who, what: labelled.what, when, due: when ? dueDay(when, reference) : '' }
  }
  let rest = text
  const names: string[] = []
  for (const match of text.matchAll(MENTION)) names.push(match[1]!.trim())
  rest = rest.replace(MENTION, (whole) => (whole.startsWith('@') ? '' : whole[0]!)).trim()
  let when = ''
  const introduced = INTRODUCED_WHEN.exec(rest)
  if (introduced) {
    when = introduced[1]!.trim()
    rest = rest.slice(0, introduced.index) + rest.slice(introduced.index + introduced[0].length)
  } else {
    const bare = BARE_DAY.exec(rest)
    if (bare) {
      when = bare[1]!.trim()
      rest = rest.slice(0, bare.index) + rest.slice(bare.index + bare[0].length)
    }
  }
  return { who: [...new Set(names)].join(', '), what: clean(rest), when, due: when ? dueDay(when, reference) : '' }
}

/** Nothing but labels and placeholders: the template's empty action line, not an action. */
export function isPlaceholderAction(text: string): boolean {
  const withoutLabels = text.replace(LABEL, ' ')
  return !/[\p{L}\p{N}]/u.test(withoutLabels)
}
