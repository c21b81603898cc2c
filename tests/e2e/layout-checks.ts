// What a person on a phone or a room's laptop must be able to count on, measured in the page:
// nothing scrolls sideways, every control is on screen, and every control is at least 44 × 44 CSS
// pixels (WCAG 2.5.5), so a finger hits it. Links inside a sentence are exempt (WCAG's "inline"
// exception), as is the page's own text but for its task boxes; a radio or checkbox is measured by
// the label that holds it.
import type { Page } from '@playwright/test'

export const MIN_TARGET_PX = 44

export interface LayoutProblem {
  what: string
  problem: string
}

/** Problems on the page as shown now; only the open modal dialog's controls when one is open. */
export async function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  return page.evaluate((minTarget) => {
    const problems: { what: string; problem: string }[] = []
    const width = document.documentElement.clientWidth
    const scrollWidth = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)
    if (scrollWidth > width + 1) problems.push({ what: 'page', problem: `scrolls sideways: ${scrollWidth}px wide in ${width}px` })

    const modal = [...document.querySelectorAll('dialog')].find((dialog) => dialog.open && dialog.matches(':modal'))
    const scope: ParentNode = modal ?? document
    const describe = (element: Element): string => {
      const label = element.getAttribute('aria-label') ?? (element as HTMLElement).innerText?.trim() ?? ''
      const id = element.id ? `#${element.id}` : ''
      return `${element.tagName.toLowerCase()}${id} "${label.slice(0, 40) || (element as HTMLInputElement).value?.slice(0, 40) || element.className}"`
    }
    const shown = (element: Element): boolean => {
      const style = getComputedStyle(element)
      if (style.visibility === 'hidden' || style.display === 'none') return false
      const rect = element.getBoundingClientRect()
      if (rect.width <= 1 && rect.height <= 1) return false // visually hidden
      return element.checkVisibility({ opacityProperty: false, visibilityProperty: true })
    }
    const inlineLink = (element: Element): boolean => {
      if (element.tagName !== 'A') return false
      const block = element.closest('p')
      return Boolean(block && block.textContent!.trim() !== element.textContent!.trim())
    }
    const controls = scope.querySelectorAll<HTMLElement>(
      'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="button"]',
    )
    for (const control of controls) {
      if (control.closest('.skip-link') || control.classList.contains('skip-link')) continue
      if (!modal && control.closest('dialog')) continue
      // The page's text: only its task checkboxes are controls.
      if (control.closest('.page-content') && !(control instanceof HTMLInputElement && control.type === 'checkbox')) continue
      const choice = control instanceof HTMLInputElement && (control.type === 'radio' || control.type === 'checkbox')
      const target: Element = choice ? (control.closest('label') ?? control) : control
      if (!shown(target)) continue
      const rect = target.getBoundingClientRect()
      if (rect.left < -0.5 || rect.right > width + 0.5) {
        problems.push({ what: describe(control), problem: `off screen: ${Math.round(rect.left)}..${Math.round(rect.right)} of ${width}` })
      }
      if (inlineLink(control)) continue
      if (rect.width < minTarget - 0.5 || rect.height < minTarget - 0.5) {
        problems.push({ what: describe(control), problem: `target ${Math.round(rect.width)}×${Math.round(rect.height)}` })
      }
    }
    return problems
  }, MIN_TARGET_PX)
}
