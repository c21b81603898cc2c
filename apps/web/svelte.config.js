// Svelte 5 in runes mode everywhere; TypeScript in components is handled by vite-plugin-svelte.
export default {
  compilerOptions: {
    runes: true,
  },
}
