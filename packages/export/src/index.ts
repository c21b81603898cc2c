// @carnet/export: pure functions from a page to the formats organisers publish in, and back.
export {}
