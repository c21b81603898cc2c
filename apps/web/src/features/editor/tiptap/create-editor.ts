// The Tiptap editor of a page, bound to the page's Y.Doc (`XmlFragment('body')`) and to the
// others' carets through awareness; its extensions (page-extensions.ts) are exactly the schema in
// @carnet/core.
import { Editor } from '@tiptap/core'
import { pageExtensions, type PageExtensionOptions } from './page-extensions.js'

export interface CreateEditorOptions extends PageExtensionOptions {
  element: HTMLElement
  label: string
  /** Id of the element that tells how to use the editor with the keyboard. */
  describedBy?: string
  editable?: boolean
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
        ...(options.describedBy ? { 'aria-describedby': options.describedBy } : {}),
        spellcheck: 'true',
        lang: 'fr',
      },
    },
    extensions: pageExtensions(options),
  })
}
