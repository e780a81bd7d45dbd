// Type declarations for packages that ship none.

declare module 'rtlcss' {
  const rtlcss: { process(css: string, options?: Record<string, unknown>): string };
  export default rtlcss;
}

declare module 'csso' {
  export function minify(css: string, options?: { restructure?: boolean; comments?: boolean | string }): { css: string };
}
