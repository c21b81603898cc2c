// YAML front matter, the block between `---` lines at the very top of a Markdown file that HedgeDoc,
// CodiMD and static-site generators write: Carnet reads the page's title, tags, date and place from
// it instead of taking it for a rule and a heading. js-yaml parses it with the JSON schema (plain
// values only: no dates turned into objects, no custom types); a block that is not valid YAML, or
// not a mapping, is left in the text.
import { JSON_SCHEMA, load } from 'js-yaml'

export interface FrontMatter {
  title: string | null
  tags: string[]
  date: string | null
  place: string | null
}

const NONE: FrontMatter = { title: null, tags: [], date: null, place: null }
/** Front matter is a small header: a larger block is text that happens to start with a rule. */
const MAX_FRONT_MATTER_CHARS = 64 * 1024

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim() || null
  if (typeof value === 'number') return String(value)
  return null
}

function tagsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(text).filter((tag): tag is string => tag !== null)
  // HedgeDoc writes `tags: réunion, quartier`.
  const single = text(value)
  return single ? single.split(/\s*,\s*/).filter(Boolean) : []
}

function dayOf(value: unknown): string | null {
  const day = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(text(value) ?? '')?.[1] ?? null
  return day && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ? day : null
}

/** The front matter's fields and the Markdown after it (the whole source when there is none). */
export function splitFrontMatter(source: string): { matter: FrontMatter; rest: string } {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/)
  if (lines[0]?.trimEnd() !== '---') return { matter: NONE, rest: source }
  const end = lines.findIndex((line, index) => index > 0 && (line.trimEnd() === '---' || line.trimEnd() === '...'))
  if (end < 0) return { matter: NONE, rest: source }
  const yaml = lines.slice(1, end).join('\n')
  if (yaml.length > MAX_FRONT_MATTER_CHARS) return { matter: NONE, rest: source }
  let data: unknown
  try {
    data = load(yaml, { schema: JSON_SCHEMA })
  } catch {
    return { matter: NONE, rest: source }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { matter: NONE, rest: source }
  const fields = data as Record<string, unknown>
  return {
    matter: {
      title: text(fields['title'] ?? fields['titre']),
      tags: tagsOf(fields['tags'] ?? fields['categories'] ?? fields['étiquettes']),
      date: dayOf(fields['date']),
      place: text(fields['place'] ?? fields['lieu'] ?? fields['location']),
    },
    rest: lines.slice(end + 1).join('\n'),
  }
}
