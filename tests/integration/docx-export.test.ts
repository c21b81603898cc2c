// The .docx export read by a second program: LibreOffice (Debian's libreoffice-writer-nogui) opens
// what `GET /api/pages/<id>/export?format=docx` serves and finds the page's title, facts, headings,
// numbered and nested lists (a list starting at 3 still starts at 3), tasks, table and code.
// Skipped with a line saying so where LibreOffice is missing, failed in CI.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { ImportResponse } from '@carnet/core'
import { endedAfterEachTest } from '../support/cleanup.js'
import { startRelay } from '../support/relay-process.js'

const SOFFICE = '/usr/bin/soffice'
const missing = existsSync(SOFFICE) ? null : 'LibreOffice is not installed (apt-get install libreoffice-writer-nogui)'
if (missing && process.env['CI']) throw new Error(`the .docx export test needs LibreOffice: ${missing}`)
if (missing) console.info(`skipped: ${missing}`)

const { relays } = endedAfterEachTest()
const run = promisify(execFile)

describe.skipIf(missing !== null)('the .docx export', () => {
  it('opens in LibreOffice with the page\'s structure', async () => {
    const server = await startRelay()
    relays.push(server)
    const markdown = [
      '---',
      'title: Assemblée générale du collectif',
      'tags: [Association]',
      'date: 2025-03-01',
      '---',
      '',
      '## Rapport moral',
      '',
      'Une année **chargée**, voir [le site](https://exemple.org).',
      '',
      '3. Voter le budget',
      '4. Élire le bureau',
      '   - trois postes',
      '',
      '- [x] Réserver la salle',
      '- [ ] Envoyer le compte rendu',
      '',
      '| Poste | Montant |',
      '|:------|--------:|',
      '| Goûter | 45 € |',
      '',
      '```',
      'total = 45',
      '```',
    ].join('\n')
    const imported = await fetch(`${server.httpUrl}/api/import?format=md`, { method: 'POST', body: markdown })
    const { id } = (await imported.json()) as ImportResponse
    const answer = await fetch(`${server.httpUrl}/api/pages/${id}/export?format=docx`)
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="${id}.docx"`)
    const dir = mkdtempSync(join(tmpdir(), 'carnet-docx-'))
    try {
      writeFileSync(join(dir, 'page.docx'), new Uint8Array(await answer.arrayBuffer()))
      // Its own profile in the temporary directory: no trace in the user's, no clash with another run.
      await run(SOFFICE, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'txt:Text (encoded):UTF8', '--outdir', dir, join(dir, 'page.docx')], { timeout: 120_000 })
      const lines = readFileSync(join(dir, 'page.txt'), 'utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
      expect(lines.slice(0, 5)).toEqual(['Assemblée générale du collectif', 'Date : 1er mars 2025', 'Étiquettes : Association', 'Licence : CC BY-SA 4.0', 'Rapport moral'])
      expect(lines).toContain('Une année chargée, voir le site.')
      expect(lines).toContain('3. Voter le budget')
      expect(lines).toContain('4. Élire le bureau')
      expect(lines).toContain('◦ trois postes')
      expect(lines).toContain('• ☑ Réserver la salle')
      expect(lines).toContain('• ☐ Envoyer le compte rendu')
      expect(lines).toEqual(expect.arrayContaining(['Poste', 'Montant', 'Goûter', '45 €', 'total = 45']))
      expect(lines.at(-1)).toBe('Exporté de Carnet')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
