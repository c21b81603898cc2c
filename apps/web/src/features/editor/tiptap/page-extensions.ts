// The extensions of a page's editor, which make its schema: Tiptap's StarterKit configured to the
// page schema of @carnet/core (page-schema.ts: what can be written here, the exporters know how to
// publish), and only what StarterKit lacks — task lists, tables, photos, the placeholder,
// collaboration on the page's `XmlFragment('body')`, the others' carets and the authorship
// colours — and two guards:
// the nesting limit the relay enforces, and a way out for the keyboard. No DOM needed to
// build them: the schema test (page-extensions.test.ts) reads the schema they make.
import type { Extensions } from '@tiptap/core'
import { StarterKit } from '@tiptap/starter-kit'
import { TaskItem, TaskList } from '@tiptap/extension-list'
import { TableKit } from '@tiptap/extension-table'
import { Placeholder } from '@tiptap/extensions/placeholder'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import type * as Y from 'yjs'
import { BODY_FIELD, HEADING_LEVELS } from '@carnet/core'
import { Authorship } from './authorship.js'
import { renderCaret } from './caret.js'
import { isAllowedHref } from './link-href.js'
import { NestingLimit } from './nesting-limit.js'
import { KeyboardExit } from './keyboard-exit.js'
import { PagePhoto, type PagePhotoOptions } from './page-photo.js'

export interface EditorUser {
  name: string
  color: string
}

export interface PageExtensionOptions {
  doc: Y.Doc
  /** The y-websocket provider whose awareness carries carets; none for a view without carets. */
  provider: { awareness: unknown } | null
  user: EditorUser
  placeholder: string
  checkboxLabel: (text: string) => string
  /** A change was refused: the page would nest deeper than the relay allows. */
  onNestingRefused?: () => void
  /** Escape was pressed (true): the next Tab leaves the editor; or that chance passed (false). */
  onLeaving?: (leaving: boolean) => void
  /** How photos are drawn, and where pasted or dropped image files go (features/photos). */
  photos?: Pick<PagePhotoOptions, 'view' | 'onFiles'>
}

export function pageExtensions(options: PageExtensionOptions): Extensions {
  return [
    StarterKit.configure({
      heading: { levels: [...HEADING_LEVELS] },
      // Yjs keeps the undo history (Collaboration's undo), limited to this writer's own changes.
      undoRedo: false,
      // Not in the page schema: the exporters have no underline.
      underline: false,
      link: {
        // Only http, https and mailto, anchors and relative paths (link-href.ts), from the link
        // dialog, pasted HTML or a URL pasted over selected words (linkOnPaste). No links made
        // while typing: Markdown and MediaWiki link bare addresses anyway.
        isAllowedUri: (url) => isAllowedHref(url),
        shouldAutoLink: (url) => isAllowedHref(url),
        autolink: false,
        defaultProtocol: 'https',
        // A click in the page places the caret; links open from a page one cannot edit.
        openOnClick: false,
        // Links are stored with nothing but their address (no target, rel or class).
        HTMLAttributes: { target: null, rel: null, class: null },
      },
    }),
    TaskList,
    TaskItem.configure({ nested: true, a11y: { checkboxLabel: (node) => options.checkboxLabel(node.textContent) } }),
    TableKit.configure({ table: { resizable: false } }),
    PagePhoto.configure({ view: options.photos?.view ?? null, onFiles: options.photos?.onFiles ?? null }),
    Placeholder.configure({ placeholder: options.placeholder }),
    Collaboration.configure({ document: options.doc, field: BODY_FIELD }),
    Authorship.configure({ doc: options.doc }),
    NestingLimit.configure({ onRefused: options.onNestingRefused ?? (() => {}) }),
    KeyboardExit.configure({ onLeaving: options.onLeaving ?? (() => {}) }),
    ...(options.provider ? [CollaborationCaret.configure({ provider: options.provider, user: options.user, render: renderCaret })] : []),
  ]
}
