// The `editor` block that `midad init` writes into a new site's content/site.yml: commented
// out until the newsroom knows its repository, with what each key means.

/**
 * The block's text, ending with a newline. With `repository` (owner/name) the block is live;
 * without it every line is a comment the newsroom uncomments. `authUrl` is the OAuth helper's
 * address when there is one.
 */
export function editorSiteYmlBlock(opts: { repository?: string; branch?: string; authUrl?: string } = {}): string {
  const lines = [
    '# The web editor at /admin/ (docs/admin.ar.md): journalists write and publish in the browser,',
    '# each article committed to this repository. repository: the GitHub owner/name of this site;',
    '# authUrl: the sign-in helper (sveltia-cms-auth), else each editor signs in with a token.',
  ];
  const body = [
    'editor:',
    `  repository: ${opts.repository ?? 'owner/name'}`,
    `  branch: ${opts.branch ?? 'main'}`,
    ...(opts.authUrl ? [`  authUrl: ${opts.authUrl}`] : ['  # authUrl: https://sveltia-cms-auth.example.workers.dev']),
    '  # review: true      # saves open a pull request; publishing merges it once the checks pass',
  ];
  return [...lines, ...(opts.repository ? body : body.map((l) => (l.trimStart().startsWith('#') ? l : `# ${l}`)))].join('\n') + '\n';
}
