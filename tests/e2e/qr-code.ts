// Reading a QR code on screen as a phone's camera would: the SVG drawn into a canvas in the page,
// decoded with jsQR.
import jsQR from 'jsqr'
import type { Page } from '@playwright/test'

export async function decodeQr(page: Page, selector: string): Promise<string | null> {
  const image = await page.locator(selector).first().evaluate(async (svg) => {
    const size = 300
    const source = new XMLSerializer().serializeToString(svg)
    const img = new Image()
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(source)}`
    await img.decode()
    const canvas = document.createElement('canvas')
    canvas.width = size
    canvas.height = size
    const context = canvas.getContext('2d')!
    context.fillStyle = '#fff'
    context.fillRect(0, 0, size, size)
    context.drawImage(img, 0, 0, size, size)
    return Array.from(context.getImageData(0, 0, size, size).data)
  })
  return jsQR(Uint8ClampedArray.from(image), 300, 300)?.data ?? null
}
