// Share links for an article page: plain links to each network's own share address, with the
// article's canonical URL percent-encoded. Nothing is loaded from those hosts and no script
// runs: the reader's click leaves the site, and until then no network learns of the visit.

import { SHARE_NETWORKS } from '../config/site.js';
import type { Site } from '../model.js';
import type { UiStrings } from './i18n.js';

export interface ShareLink {
  network: string;
  href: string;
  /** The visible label, the network's name. */
  label: string;
  /** The accessible name, e.g. «شارك عبر واتساب». */
  ariaLabel: string;
  /** mailto: opens the reader's mail program, not a new tab. */
  newTab: boolean;
}

export function shareLinks(site: Site, t: UiStrings, canonical: string, title: string): ShareLink[] {
  const url = encodeURIComponent(canonical);
  const text = encodeURIComponent(title);
  const hrefs: Record<string, string> = {
    // WhatsApp takes one text: the headline, then the link.
    whatsapp: `https://wa.me/?text=${encodeURIComponent(`${title} ${canonical}`)}`,
    telegram: `https://t.me/share/url?url=${url}&text=${text}`,
    x: `https://x.com/intent/post?url=${url}&text=${text}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${url}`,
    email: `mailto:?subject=${text}&body=${url}`,
  };
  return (site.share ?? SHARE_NETWORKS).map((network) => {
    const label = t.shareNetworks[network];
    return { network, href: hrefs[network]!, label, ariaLabel: `${t.shareVia} ${label}`, newTab: network !== 'email' };
  });
}
