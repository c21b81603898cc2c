// A photo in a live page (the editor and the projector): the picture, kept to its proportions
// before it arrives so the text around it does not jump; the placeholder while it travels; and,
// for those who write, its description asked in plain words ("Que montre la photo ?") — the
// `alt` every reader of the page gets in place of the picture — with where the photo stands if
// the relay does not have it yet. Hidden from readers: a page that cannot be written shows the
// picture alone (page-content.css).
import type { NodeViewRenderer } from '@tiptap/core'
import type { Node as PmNode } from '@tiptap/pm/model'
import { t } from '../../i18n/i18n.svelte.js'
import { displayPhoto, photoPlaceholder } from './photo-display.js'
import { photoRefusal } from './photo-refusal.js'
import type { LocalPhoto } from './local-photos.js'

let inputs = 0

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag)
  created.className = className
  return created
}

function sized(img: HTMLImageElement, frame: HTMLElement, node: PmNode): void {
  const { width, height } = node.attrs as { width: unknown; height: unknown }
  if (typeof width === 'number' && typeof height === 'number' && width > 0 && height > 0) {
    img.width = width
    img.height = height
    frame.style.aspectRatio = `${width} / ${height}`
    // Never wider than the photo, nor so tall that a portrait photo fills more than the screen (page-content.css).
    frame.style.setProperty('--photo-width', `${width}px`)
    frame.style.setProperty('--photo-ratio', String(width / height))
  }
}

export function photoView(): NodeViewRenderer {
  return ({ node: first, editor, getPos }) => {
    let node = first
    const figure = element('figure', 'page-photo')
    figure.contentEditable = 'false'
    const frame = element('div', 'page-photo__frame')
    const img = element('img', 'page-photo__image')
    img.draggable = false
    img.alt = String(node.attrs['alt'] ?? '')
    frame.append(img, photoPlaceholder())
    sized(img, frame, node)

    const label = element('label', 'page-photo__alt')
    const question = element('span', 'page-photo__question')
    question.textContent = t('photo.altQuestion')
    const input = element('input', 'page-photo__input')
    input.type = 'text'
    input.id = `photo-alt-${++inputs}`
    input.value = String(node.attrs['alt'] ?? '')
    input.placeholder = t('photo.altPlaceholder')
    input.autocomplete = 'off'
    input.setAttribute('enterkeyhint', 'done')
    label.htmlFor = input.id
    label.append(question, input)
    const note = element('p', 'page-photo__note')
    note.setAttribute('role', 'status')
    figure.append(frame, label, note)

    const describe = (): void => {
      const pos = getPos()
      if (typeof pos !== 'number' || !editor.isEditable) return
      editor.view.dispatch(editor.state.tr.setNodeAttribute(pos, 'alt', input.value))
    }
    input.addEventListener('input', describe)
    input.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== 'Escape') return
      event.preventDefault()
      // Back to writing, right after the photo.
      const pos = getPos()
      if (typeof pos === 'number') editor.chain().focus().setTextSelection(pos + node.nodeSize).run()
    })

    const showLocal = (local: LocalPhoto | null): void => {
      const text = local?.state === 'waiting' ? t(local.refusal === '403' ? 'photo.blocked' : 'photo.notSent') : local?.state === 'refused' ? photoRefusal(local.refusal) : ''
      note.textContent = text
      figure.dataset.photoSent = local?.state ?? 'elsewhere'
    }
    let src = String(node.attrs['src'] ?? '')
    let stop = displayPhoto(src, img, { onState: (state) => (figure.dataset.photoState = state), onLocal: showLocal })

    return {
      dom: figure,
      update(next) {
        if (next.type !== node.type) return false
        node = next
        const alt = String(next.attrs['alt'] ?? '')
        img.alt = alt
        if (document.activeElement !== input && input.value !== alt) input.value = alt
        sized(img, frame, next)
        const nextSrc = String(next.attrs['src'] ?? '')
        if (nextSrc !== src) {
          stop()
          src = nextSrc
          stop = displayPhoto(src, img, { onState: (state) => (figure.dataset.photoState = state), onLocal: showLocal })
        }
        return true
      },
      selectNode: () => figure.classList.add('is-selected'),
      deselectNode: () => figure.classList.remove('is-selected'),
      // The description field is the writer's, not ProseMirror's.
      stopEvent: (event) => event.target === input || label.contains(event.target as Node | null),
      ignoreMutation: () => true,
      destroy: () => stop(),
    }
  }
}
