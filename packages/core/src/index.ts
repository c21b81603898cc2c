// @carnet/core: what the browser and the server share. No DOM, no Node APIs.
export * from './page-id.js'
export * from './edit-key.js'
export * from './page-doc.js'
export * from './licences.js'
export * from './wire.js'
export * from './frames.js'
export * from './page-schema.js'
export * from './writers.js'
