// The Tiptap editor of a page, bound to the page's Y.Doc (`XmlFragment('body')`) and to the
// others' carets through awareness. Its extensions are exactly the schema in @carnet/core
// (page-schema.ts): what can be written here, the exporters know how to publish.
import { Editor } from '@tiptap/core'
// The extensions one by one rather than StarterKit: StarterKit always bundles Tiptap's link
// extension (and linkifyjs), replaced here by our own link mark.
import Document from '@tiptap/extension-document'
import Paragraph from '@tiptap/extension-paragraph'
import Text from '@tiptap/extension-text'
import Heading from '@tiptap/extension-heading'
import Bold from '@tiptap/extension-bold'
import Italic from '@tiptap/extension-italic'
import Strike from '@tiptap/extension-strike'
import Code from '@tiptap/extension-code'
import CodeBlock from '@tiptap/extension-code-block'
import Blockquote from '@tiptap/extension-blockquote'
import HardBreak from '@tiptap/extension-hard-break'
import HorizontalRule from '@tiptap/extension-horizontal-rule'
import { BulletList, ListItem, ListKeymap, OrderedList, TaskItem, TaskList } from '@tiptap/extension-list'
import { TableKit } from '@tiptap/extension-table'
// Sub-paths: the package's index would also bring UndoRedo and prosemirror-history.
import { Dropcursor } from '@tiptap/extensions/drop-cursor'
import { Gapcursor } from '@tiptap/extensions/gap-cursor'
import { Placeholder } from '@tiptap/extensions/placeholder'
import { TrailingNode } from '@tiptap/extensions/trailing-node'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import type * as Y from 'yjs'
import { BODY_FIELD, HEADING_LEVELS } from '@carnet/core'
import { Authorship } from './authorship.js'
import { Link } from './link-mark.js'
import { FALLBACK_WRITER_COLOR } from '../identity/palette.js'

export interface EditorUser {
  name: string
  color: string
}

export interface CreateEditorOptions {
  element: HTMLElement
  doc: Y.Doc
  /** The y-websocket provider whose awareness carries carets; none for a view without carets. */
  provider: { awareness: unknown } | null
  user: EditorUser
  placeholder: string
  label: string
  checkboxLabel: (text: string) => string
  editable?: boolean
}

/** The caret of another writer: a coloured bar with their name above it. */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color = typeof user.color === 'string' ? user.color : FALLBACK_WRITER_COLOR
  const caret = document.createElement('span')
  caret.className = 'collab-caret'
  caret.style.borderColor = color
  const label = document.createElement('span')
  label.className = 'collab-caret__label'
  label.style.backgroundColor = color
  label.textContent = typeof user.name === 'string' && user.name ? user.name : '?'
  caret.append(label)
  return caret
}

export function createEditor(options: CreateEditorOptions): Editor {
  return new Editor({
    element: options.element,
    editable: options.editable ?? true,
    editorProps: {
      attributes: {
        class: 'page-content',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': options.label,
        spellcheck: 'true',
        lang: 'fr',
      },
    },
    extensions: [
      Document,
      Paragraph,
      Text,
      Heading.configure({ levels: [...HEADING_LEVELS] }),
      Bold,
      Italic,
      Strike,
      Code,
      CodeBlock,
      Blockquote,
      HardBreak,
      HorizontalRule,
      BulletList,
      OrderedList,
      ListItem,
      ListKeymap,
      Dropcursor,
      Gapcursor,
      TrailingNode,
      // No UndoRedo: Yjs keeps its own undo history (Collaboration), limited to this writer's changes.
      Link,
      TaskList,
      TaskItem.configure({ nested: true, a11y: { checkboxLabel: (node) => options.checkboxLabel(node.textContent) } }),
      TableKit.configure({ table: { resizable: false } }),
      Placeholder.configure({ placeholder: options.placeholder }),
      Collaboration.configure({ document: options.doc, field: BODY_FIELD }),
      Authorship.configure({ doc: options.doc }),
      ...(options.provider
        ? [CollaborationCaret.configure({ provider: options.provider, user: options.user, render: renderCaret })]
        : []),
    ],
  })
}
