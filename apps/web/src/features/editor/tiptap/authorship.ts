// "Qui a écrit quoi": when switched on, every run of text gets a background in its writer's colour
// (as Etherpad users expect). Decorations only: the document is untouched.
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import type * as Y from 'yjs'
import { pageBody, readWriters } from '@carnet/core'
import { authoredRanges } from './authorship-ranges.js'
import { FALLBACK_WRITER_COLOR } from '../../presence/palette.js'

export const authorshipKey = new PluginKey<DecorationSet>('carnet-authorship')

export interface AuthorshipOptions {
  doc: Y.Doc | null
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    authorship: {
      setAuthorship: (on: boolean) => ReturnType
    }
  }
}

function decorations(doc: Y.Doc, pmDoc: ProseMirrorNode): DecorationSet | null {
  const size = pmDoc.content.size
  const writers = readWriters(doc)
  const found: Decoration[] = []
  for (const range of authoredRanges(pageBody(doc))) {
    // Out of step with the editor (a change still on its way): skip, the next transaction redraws.
    if (range.to > size) return null
    const writer = writers.get(range.client)
    const color = writer?.color ?? FALLBACK_WRITER_COLOR
    found.push(
      Decoration.inline(range.from, range.to, {
        class: 'authored',
        style: `--author-color: ${color}`,
        title: writer?.name ?? '',
      }),
    )
  }
  return DecorationSet.create(pmDoc, found)
}

export const Authorship = Extension.create<AuthorshipOptions, { on: boolean }>({
  name: 'authorship',
  addOptions() {
    return { doc: null }
  },
  addStorage() {
    return { on: false }
  },
  addCommands() {
    return {
      setAuthorship:
        (on) =>
        ({ tr, dispatch }) => {
          this.storage.on = on
          if (dispatch) dispatch(tr.setMeta(authorshipKey, on))
          return true
        },
    }
  },
  addProseMirrorPlugins() {
    const extension = this
    return [
      new Plugin<DecorationSet>({
        key: authorshipKey,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, previous, _old, state) {
            const doc = extension.options.doc
            if (!extension.storage.on || !doc) return DecorationSet.empty
            // Recomputed only on a refresh, dispatched once y-tiptap has brought Yjs and the editor
            // in step; in between, the ranges follow the edits.
            if (tr.getMeta(authorshipKey) === undefined) return previous.map(tr.mapping, tr.doc)
            return decorations(doc, state.doc) ?? previous.map(tr.mapping, tr.doc)
          },
        },
        view() {
          let scheduled: ReturnType<typeof setTimeout> | null = null
          return {
            update(view, previousState) {
              if (!extension.storage.on || view.state.doc === previousState.doc || scheduled) return
              scheduled = setTimeout(() => {
                scheduled = null
                if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(authorshipKey, 'refresh'))
              }, 0)
            },
            destroy() {
              if (scheduled) clearTimeout(scheduled)
            },
          }
        },
        props: {
          decorations(state) {
            return authorshipKey.getState(state)
          },
        },
      }),
    ]
  },
})
