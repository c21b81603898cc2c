// The link mark, without Tiptap's link extension: that one autolinks typed URLs with linkifyjs,
// a fifth of the editor's weight for little use here (Markdown and MediaWiki link bare URLs
// anyway). Same name and `href` attribute as Tiptap's, so documents are unchanged. Only http,
// https and mailto links are kept, from the toolbar, pasted HTML or a URL pasted on a selection.
import { Mark, mergeAttributes } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { normaliseHref } from './link-href.js'

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    link: {
      setLink: (attributes: { href: string }) => ReturnType
      unsetLink: () => ReturnType
    }
  }
}

function safeHref(raw: unknown): string | null {
  if (typeof raw !== 'string') return null
  const href = normaliseHref(raw)
  return href ? href : null
}

export const Link = Mark.create({
  name: 'link',
  priority: 1000,
  inclusive: false,
  keepOnSplit: false,
  addAttributes() {
    return {
      href: { default: null, parseHTML: (element) => safeHref(element.getAttribute('href')) },
      target: { default: null },
      rel: { default: null },
      class: { default: null },
    }
  },
  parseHTML() {
    return [{ tag: 'a[href]', getAttrs: (element) => (safeHref((element as HTMLElement).getAttribute('href')) ? null : false) }]
  },
  renderHTML({ HTMLAttributes }) {
    const href = safeHref(HTMLAttributes.href)
    return ['a', mergeAttributes(HTMLAttributes, { href: href ?? '', rel: 'noopener noreferrer nofollow', target: null }), 0]
  },
  addCommands() {
    return {
      setLink:
        ({ href }) =>
        ({ chain }) => {
          const clean = safeHref(href)
          return clean ? chain().setMark(this.name, { href: clean }).run() : false
        },
      unsetLink:
        () =>
        ({ chain }) =>
          chain().unsetMark(this.name, { extendEmptyMarkRange: true }).run(),
    }
  },
  addProseMirrorPlugins() {
    const type = this.type
    return [
      new Plugin({
        key: new PluginKey('carnet-link-paste'),
        props: {
          // A URL pasted over selected words links them.
          handlePaste(view, event) {
            const { from, to, empty } = view.state.selection
            const text = event.clipboardData?.getData('text/plain').trim() ?? ''
            if (empty || !/^(https?:\/\/|mailto:)\S+$/i.test(text)) return false
            const href = safeHref(text)
            if (!href) return false
            view.dispatch(view.state.tr.addMark(from, to, type.create({ href })))
            return true
          },
        },
      }),
    ]
  },
})
